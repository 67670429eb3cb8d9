"""Building a signed PCS from a trace exactly as docs/contract.md §7 says (the Java ``PcsFactory``'s twin).

The same trace, scales, seed, epoch, shard and key give the same file bytes in every SDK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence, Tuple

from .dhat import DEFAULT_POLICY, Policy, budget, estimate_dhat, pcs_id, regime
from .document import SCHEMA, FaultTolerance, Pcs
from .errors import BuildError
from .payload import round9, signature_payload
from .signals import DEFAULT_BINS, DEFAULT_DIRECTIONS, box_counts, coherence, compressibility, merkle_root
from .signing import Signer
from .trace import Trace

__all__ = ["DEFAULT_SCALES", "DEFAULT_SHARD", "DEFAULT_EPOCH", "DEFAULT_SEED", "Signals", "build_pcs", "from_signals",
           "check_scales"]

DEFAULT_SCALES: Tuple[int, ...] = (2, 4, 8, 16)
DEFAULT_SHARD = "shard-0"
DEFAULT_EPOCH = 1
DEFAULT_SEED = 42
_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1


@dataclass(frozen=True)
class Signals:
    """What an agent measured; ``N_j`` is keyed by the scale in decimal."""

    scales: Tuple[int, ...]
    N_j: Mapping[str, int]
    coh_star: float
    v_star: Optional[Tuple[float, ...]]
    r: float
    merkle_root: str
    epoch: int
    shard_id: str
    seed: int


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def check_scales(scales: Sequence[int]) -> Tuple[int, ...]:
    """Scales must be distinct integers in 1..1024, at least two (D̂ needs two points)."""
    out = tuple(scales)
    for s in out:
        if not _is_int(s) or not 1 <= s <= 1024:
            raise BuildError(f"scales must be integers in 1..1024, got {s!r}")
    if len(set(out)) != len(out):
        # A repeated scale would write N_j with a duplicate key, which every verifier refuses.
        raise BuildError(f"scales must be distinct, got {list(out)}")
    if len(out) < 2:
        raise BuildError("at least 2 scales are needed to compute D_hat")
    return out


def _check_identity(epoch: int, shard_id: str, seed: int) -> None:
    if not _is_int(epoch) or not 0 <= epoch <= _LONG_MAX:
        raise BuildError(f"epoch must be an integer in 0..{_LONG_MAX}, got {epoch!r}")
    if not _is_int(seed) or not _LONG_MIN <= seed <= _LONG_MAX:
        raise BuildError(f"seed must be a signed 64-bit integer, got {seed!r}")
    if not isinstance(shard_id, str) or not shard_id:
        raise BuildError("shard_id must be a non-empty string")
    try:
        shard_id.encode("utf-8")
    except UnicodeEncodeError:
        raise BuildError("shard_id is not valid Unicode (it contains a lone surrogate)") from None


def from_signals(s: Signals, signer: Optional[Signer] = None, policy: Policy = DEFAULT_POLICY) -> Pcs:
    """A PCS from measured signals: D̂ by the verifier's estimator, regime and budget by its formulas, then signed.

    Without a signer the PCS carries an empty ``sig`` (for tenants configured with ``alg: none``).
    """
    _check_identity(s.epoch, s.shard_id, s.seed)
    scales = check_scales(s.scales)
    est = estimate_dhat(scales, s.N_j)
    if not est.ok or est.value is None:
        raise BuildError(f"cannot compute D_hat: {est.failure}")
    d = est.value
    coh = round9(s.coh_star)
    r = round9(s.r)
    unsigned = Pcs(
        pcs_id=pcs_id(s.merkle_root, s.epoch, s.shard_id),
        schema=SCHEMA,
        version="0.1",
        shard_id=s.shard_id,
        epoch=s.epoch,
        scales=scales,
        N_j=dict(s.N_j),
        coh_star=coh,
        D_hat=d,
        r=r,
        regime=regime(d, coh, policy),
        budget=budget(d, coh, r, policy),
        merkle_root=s.merkle_root,
        attempt=1,
        seed=s.seed,
        v_star=None if s.v_star is None else tuple(s.v_star),
        ft=FaultTolerance(0, False, (), 0.0),
    )
    sig = signer.sign(signature_payload(unsigned.signed_fields())) if signer is not None else ""
    return unsigned.with_signature(sig)


def build_pcs(
    trace: Trace,
    *,
    shard_id: str = DEFAULT_SHARD,
    epoch: int = DEFAULT_EPOCH,
    scales: Sequence[int] = DEFAULT_SCALES,
    seed: int = DEFAULT_SEED,
    signer: Optional[Signer] = None,
    policy: Policy = DEFAULT_POLICY,
) -> Pcs:
    """Measures every signal of ``trace`` the contract's way and returns the (signed) PCS."""
    _check_identity(epoch, shard_id, seed)
    checked = check_scales(scales)
    coh = coherence(trace.points, seed, DEFAULT_DIRECTIONS, DEFAULT_BINS)
    return from_signals(
        Signals(checked, box_counts(trace.points, checked), coh.coh_star, coh.v_star, compressibility(trace.raw),
                merkle_root(trace.raw), epoch, shard_id, seed),
        signer,
        policy,
    )
