"""The signals of a PCS measured from a trace (docs/contract.md §7): N_j, coh★ and v★, r, and the Merkle root.

Every formula uses only operations IEEE 754 rounds exactly, in the reference's order, so the doubles (and so the
file bytes) are the same as the Java, TypeScript and Go SDKs'. Where Java's integer casts saturate or map NaN to 0
(only reachable with coordinates near the double range), the same is done here instead of raising.
"""

from __future__ import annotations

import base64
import hashlib
import math
import struct
import zlib
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .errors import BuildError, ReferenceZlibError
from .payload import round9

__all__ = [
    "box_counts",
    "DirectionStream",
    "Coherence",
    "coherence",
    "compressed",
    "compressed_length",
    "check_reference_zlib",
    "compressibility",
    "merkle_root",
    "DEFAULT_DIRECTIONS",
    "DEFAULT_BINS",
    "MERKLE_CHUNK",
]

DEFAULT_DIRECTIONS = 100
DEFAULT_BINS = 10
MERKLE_CHUNK = 64

_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1
_INT_MIN = -(2**31)
_INT_MAX = 2**31 - 1


def _java_cast(v: float, lo: int, hi: int) -> int:
    # Java's (long)/(int) of a double: NaN → 0, truncation toward zero, saturation at the type's bounds.
    if v != v:
        return 0
    if v >= hi:
        return hi
    if v <= lo:
        return lo
    return int(v)


def box_counts(points: Sequence[Sequence[float]], scales: Sequence[int]) -> Dict[str, int]:
    """N_j: for each scale s (in order), the number of distinct cells ``(⌊x·s⌋, ⌊y·s⌋, ⌊z·s⌋)``."""
    out: Dict[str, int] = {}
    for s in scales:
        fs = float(s)
        cells = set()
        for p in points:
            cell = []
            for c in p:
                prod = c * fs  # one IEEE multiplication
                if math.isfinite(prod):
                    cell.append(max(_LONG_MIN, min(_LONG_MAX, math.floor(prod))))
                else:
                    cell.append(_java_cast(prod, _LONG_MIN, _LONG_MAX))
            cells.add(tuple(cell))
        out[str(s)] = len(cells)
    return out


class DirectionStream:
    """Generator ``sha256-ctr-v1``: SHA-256 in counter mode from a signed 64-bit seed; unit directions by rejection."""

    DOMAIN = b"fractal-lba/coh-dir/v1"
    MIN_NORM2 = 1e-6

    def __init__(self, seed: int) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int) or not _LONG_MIN <= seed <= _LONG_MAX:
            raise ValueError(f"seed must be a signed 64-bit integer, was {seed!r}")
        self._prefix = self.DOMAIN + struct.pack(">q", seed)
        self._counter = 0
        self._words: Tuple[int, ...] = ()
        self._next = 4

    def next_uniform(self) -> float:
        """``((w >> 12) + 0.5) · 2^-52`` for the next 64-bit word: exact, strictly inside (0, 1)."""
        if self._next == 4:
            block = hashlib.sha256(self._prefix + struct.pack(">Q", self._counter)).digest()
            self._counter += 1
            self._words = struct.unpack(">4Q", block)
            self._next = 0
        w = self._words[self._next]
        self._next += 1
        return ((w >> 12) + 0.5) * 2.0**-52

    def next_direction(self, dim: int) -> List[float]:
        """The next direction uniform on the unit sphere in ``dim`` dimensions."""
        if dim < 1:
            raise ValueError(f"dimension must be >= 1, was {dim}")
        while True:
            x = [2.0 * self.next_uniform() - 1.0 for _ in range(dim)]  # exact: u is a multiple of 2^-53
            q = 0.0
            for c in x:
                q += c * c
            if self.MIN_NORM2 <= q <= 1.0:
                n = math.sqrt(q)
                return [c / n for c in x]


@dataclass(frozen=True)
class Coherence:
    """coh★ (rounded to 9 decimals) and v★, the first direction that reached it (unrounded)."""

    coh_star: float
    v_star: Tuple[float, ...]


def _coherence_of(points: Sequence[Sequence[float]], v: Sequence[float], bins: int) -> float:
    if len(v) == 3:
        v0, v1, v2 = v
        proj: List[float] = [0.0 + p[0] * v0 + p[1] * v1 + p[2] * v2 for p in points]
    else:
        proj = []
        for p in points:
            s = 0.0
            for d in range(len(v)):
                s += p[d] * v[d]
            proj.append(s)
    lo = min(proj)
    hi = max(proj)
    if any(p != p for p in proj) or not math.isfinite(hi - lo):
        # NaN from inf - inf, or an infinite range: no bin is defined (docs/contract.md §7)
        raise BuildError("the coordinates are too large: their projections overflow (keep every |x|, |y|, |z| below 1e300)")
    if hi - lo < 1e-12:
        return 1.0  # every point projects to one value
    width = hi - lo
    counts = [0] * bins
    top = 0
    last = bins - 1
    for q in proj:
        b = (q - lo) / width * bins
        i = int(b) if 0.0 <= b < 2147483647.0 else _java_cast(b, _INT_MIN, _INT_MAX)
        if i > last:
            i = last
        counts[i] += 1
        if counts[i] > top:
            top = counts[i]
    return top / len(proj)


def coherence(
    points: Sequence[Sequence[float]], seed: int, directions: int = DEFAULT_DIRECTIONS, bins: int = DEFAULT_BINS
) -> Coherence:
    """coh★ over ``directions`` directions of the seeded stream, each binned into ``bins`` equal-width bins."""
    if not points:
        raise ValueError("coh_star needs at least one point")
    if directions < 1 or bins < 1:
        raise ValueError("directions and bins must be >= 1")
    dim = len(points[0])
    stream = DirectionStream(seed)
    best = -1.0
    best_v: Optional[List[float]] = None
    for _ in range(directions):
        v = stream.next_direction(dim)
        c = _coherence_of(points, v, bins)
        if c > best:  # strictly greater: a later tie does not replace the first direction
            best = c
            best_v = v
    assert best_v is not None
    return Coherence(round9(best), tuple(best_v))


# zlib-vectors.json "trace-15": a real trace's raw bytes. Reference zlib 1.2.13 compresses them to 171 bytes; the
# Chromium fork, zlib-ng and Go's deflate give other streams, and a different length would change r.
_PROBE = base64.b64decode(
    "MC4wMDAwMDAwMDAsMC44NjcsMC4zNTksMC41NDYKMC4wMTAwMDAwMDAsMC4wMjEsMC42OTcsMC4xNzUKMC4wMjAwMDAwMDAsMC40"
    "MjUsMC4zMzEsMC44NjUKMC4wMzAwMDAwMDAsMC40MjgsMC4yMTcsMC45NTIKMC4wNDAwMDAwMDAsMC40MjgsMC43NzUsLTAuMDA2"
    "CjAuMDUwMDAwMDAwLDAuNTQsMC4zOTMsMC41NTkKMC4wNjAwMDAwMDAsMC42MTgsMC44NDcsMC4wMzMKMC4wNzAwMDAwMDAsMC4y"
    "MDMsMC41MSwwLjgyNAowLjA4MDAwMDAwMCwwLjE2LDAuNDIyLC0wLjE4MwowLjA5MDAwMDAwMCwwLjQxLDAuODQ4LDAuNDg4CjAu"
    "MTAwMDAwMDAwLDAuNjg1LDAuMTE2LC0wLjUzNQowLjExMDAwMDAwMCwwLjAyLDAuMzM4LDAuMTE0CjAuMTIwMDAwMDAwLDAuODE4"
    "LDAuMzgyLDAuNDIyCjAuMTMwMDAwMDAwLDAuMTksMC43NzUsLTAuNTEzCjAuMTQwMDAwMDAwLDAuNDkzLDAuOTI5LDAuMDQ2"
)
_PROBE_LEN = 171
_PROBE_SHA256 = "2bc49d1c731f160299fe061fd03d8498c08bb6a2119b8fbb4871385e0785a2b4"
_checked: Optional[str] = None


def _zlib_compress(data: bytes, level: int) -> bytes:
    return zlib.compress(data, level)


def check_reference_zlib(version: Optional[str] = None,
                         compress: Optional[Callable[[bytes, int], bytes]] = None) -> str:
    """Checks once that this interpreter's zlib is the reference one; returns its version or raises.

    ``version`` and ``compress`` replace ``zlib.ZLIB_RUNTIME_VERSION`` and ``zlib.compress`` (for tests); with
    them the result is not cached.
    """
    global _checked
    if version is None and compress is None and _checked is not None:
        return _checked
    ver = zlib.ZLIB_RUNTIME_VERSION if version is None else version
    fn = _zlib_compress if compress is None else compress
    if not (ver.startswith("1.2.") or ver.startswith("1.3.")) or "ng" in ver.lower():
        raise ReferenceZlibError(
            f"this Python's zlib is version {ver!r}, not the reference zlib 1.2.x/1.3.x: the compressibility r "
            "would differ from the other SDKs (use a CPython linked against the reference zlib, e.g. Debian's zlib1g)"
        )
    out = fn(_PROBE, 6)
    if len(out) != _PROBE_LEN or hashlib.sha256(out).hexdigest() != _PROBE_SHA256:
        raise ReferenceZlibError(
            f"this Python's zlib {ver!r} compresses the reference probe to {len(out)} bytes, not the reference "
            f"{_PROBE_LEN}: it is not the reference deflate, so r would differ from the other SDKs"
        )
    if version is None and compress is None:
        _checked = ver
    return ver


def compressed(raw: bytes) -> bytes:
    """The reference zlib stream of ``raw`` at level 6 (window 15, memory level 8, header and Adler-32)."""
    check_reference_zlib()
    return zlib.compress(raw, 6)


def compressed_length(raw: bytes) -> int:
    """``len(zlib.compress(raw, 6))`` with the reference zlib."""
    return len(compressed(raw))


def compressibility(raw: bytes) -> float:
    """r = round9(len(zlib(raw)) / len(raw)); 0.0 for empty input."""
    if not raw:
        return 0.0
    return round9(compressed_length(raw) / len(raw))


def merkle_root(raw: bytes, chunk: int = MERKLE_CHUNK) -> str:
    """Hex-string Merkle tree over ``chunk``-byte pieces of ``raw``; an odd node pairs with itself; empty → 64 zeros."""
    if chunk < 1:
        raise ValueError("chunk size must be >= 1")
    if not raw:
        return "0" * 64
    level = [hashlib.sha256(raw[i : i + chunk]).hexdigest() for i in range(0, len(raw), chunk)]
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level), 2):
            left = level[i]
            right = level[i + 1] if i + 1 < len(level) else left
            nxt.append(hashlib.sha256((left + right).encode("ascii")).hexdigest())
        level = nxt
    return level[0]
