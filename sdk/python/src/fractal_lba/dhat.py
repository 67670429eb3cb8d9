"""The D̂ estimator and the policy formulas of docs/contract.md §4, written to give the Java reference's doubles.

The estimator takes the points (log2 s, log2 N_j[s]) in scale order, every pairwise slope with |Δx| ≥ 1e-9, and
the upper median (index ⌊n/2⌋ of the sorted slopes), rounded with :func:`round9`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from .payload import round9

__all__ = ["Policy", "DEFAULT_POLICY", "Estimate", "log2", "estimate_dhat", "regime", "budget", "pcs_id"]

_MIN_DX = 1e-9
_LN2 = math.log(2.0)


@dataclass(frozen=True)
class Policy:
    """Versioned verification constants; a change of any constant is a new version."""

    name: str = "default"
    version: int = 1
    tol_d: float = 0.15
    tol_coh: float = 0.05
    alpha: float = 0.30
    beta: float = 0.50
    gamma: float = 0.20
    base: float = 0.10
    d0: float = 2.2
    budget_tolerance: float = 0.01
    sticky_coh_min: float = 0.70
    sticky_dhat_max: float = 1.5
    non_sticky_dhat_min: float = 2.6
    min_scale: int = 1
    max_scale: int = 1024

    @property
    def id(self) -> str:
        """``default@1``: how outcomes name the policy."""
        return f"{self.name}@{self.version}"


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Estimate:
    """Either ``value`` or the ``failure`` text (the verifier's ``dhat_recompute_failed`` detail)."""

    value: Optional[float]
    failure: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def log2(x: float) -> float:
    """Base-2 logarithm computed as the Java reference does: exact at powers of two, exponent + ln(m)/ln 2 otherwise.

    ``math.log2`` would be as accurate, but a different formula can differ in the last bit, and a last-bit
    difference in a slope can flip a 9-decimal rounding and so the bytes of D̂.
    """
    m, e = math.frexp(x)  # x = m·2^e with m in [0.5, 1)
    mantissa = m * 2.0
    exponent = e - 1
    if mantissa == 1.0:
        return float(exponent)
    return exponent + math.log(mantissa) / _LN2


def estimate_dhat(scales: Sequence[int], counts: Mapping[str, int]) -> Estimate:
    """D̂ from box counts; ``counts`` is keyed by the scale in decimal (``"8"``)."""
    n = len(scales)
    if n < 2:
        return Estimate(None, "need at least 2 scales")
    xs = []
    ys = []
    for s in scales:
        count = counts.get(str(s))
        if count is None:
            return Estimate(None, f"missing N_j for scale {s}")
        if count <= 0:
            return Estimate(None, f"non-positive N_j for scale {s}")
        if s <= 0:
            return Estimate(None, f"non-positive scale {s}")
        xs.append(log2(float(s)))
        ys.append(log2(float(count)))
    slopes = []
    for i in range(n):
        for j in range(i + 1, n):
            dx = xs[j] - xs[i]
            if abs(dx) >= _MIN_DX:
                slopes.append((ys[j] - ys[i]) / dx)
    if not slopes:
        return Estimate(None, "no valid slope")
    # -0.0 before 0.0, as Java's Arrays.sort orders doubles (docs/contract.md §4): Python's sort keeps equal values in
    # input order, and the median's sign is written into the file.
    slopes.sort(key=lambda s: (s, math.copysign(1.0, s)))
    return Estimate(round9(slopes[len(slopes) // 2]))


def regime(d_hat: float, coh_star: float, policy: Policy = DEFAULT_POLICY) -> str:
    """``sticky`` when coh★ ≥ 0.70 and D̂ ≤ 1.5, ``non_sticky`` when D̂ ≥ 2.6, otherwise ``mixed``."""
    if coh_star >= policy.sticky_coh_min and d_hat <= policy.sticky_dhat_max:
        return "sticky"
    if d_hat >= policy.non_sticky_dhat_min:
        return "non_sticky"
    return "mixed"


def budget(d_hat: float, coh_star: float, r: float, policy: Policy = DEFAULT_POLICY) -> float:
    """clamp01(base + α(1 − r) + β·max(0, D̂ − D0) + γ·coh★), inputs and result rounded to 9 decimals."""
    d = round9(d_hat)
    c = round9(coh_star)
    rr = round9(r)
    # Left to right, one rounding per operation, as in Java (no fused multiply-add in CPython either).
    raw = policy.base + policy.alpha * (1 - rr) + policy.beta * max(0.0, d - policy.d0) + policy.gamma * c
    return round9(min(1.0, max(0.0, raw)))


def pcs_id(merkle_root: str, epoch: int, shard_id: str) -> str:
    """``sha256_hex(utf8(merkle_root + "|" + epoch + "|" + shard_id))`` (§1)."""
    # A lone surrogate (possible in a parsed "\\ud800") becomes "?", exactly as Java's String.getBytes(UTF_8) does.
    text = f"{merkle_root}|{epoch}|{shard_id}"
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
