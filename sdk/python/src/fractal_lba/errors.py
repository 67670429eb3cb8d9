"""Exceptions of the SDK. Every failure an agent can act on has its own type and a message naming the cause."""

from __future__ import annotations

from typing import Optional

__all__ = [
    "FractalLbaError",
    "TraceError",
    "PcsParseError",
    "BuildError",
    "KeyMaterialError",
    "MissingDependencyError",
    "ReferenceZlibError",
    "ProofError",
    "SubmitError",
]


class FractalLbaError(Exception):
    """Base class of every error this SDK raises on purpose."""


class TraceError(FractalLbaError, ValueError):
    """A CSV trace that breaks the contract's rules (docs/contract.md §7); names the 1-based line and column."""

    def __init__(self, message: str, line: Optional[int] = None, column: Optional[int] = None) -> None:
        where = ""
        if line is not None:
            where = f"line {line}" + (f", column {column}" if column is not None else "") + ": "
        super().__init__(where + message)
        self.line = line
        self.column = column


class PcsParseError(FractalLbaError, ValueError):
    """A PCS document refused by the strict parser (§1). ``problem`` is the verifier's slug (e.g. ``duplicate-key``)."""

    def __init__(self, problem: str, message: str, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.problem = problem
        self.field = field


class BuildError(FractalLbaError, ValueError):
    """Parameters from which no valid PCS can be built (scales, epoch, shard, a D̂ that cannot be computed)."""


class KeyMaterialError(FractalLbaError, ValueError):
    """Unusable key material: an empty HMAC secret, a seed or public key that is not 32 bytes, an unknown algorithm."""


class MissingDependencyError(FractalLbaError, ImportError):
    """An optional dependency (``cryptography`` for Ed25519) is not installed."""


class ReferenceZlibError(FractalLbaError, RuntimeError):
    """The interpreter's zlib is not the reference implementation, so ``r`` would differ from other SDKs."""


class ProofError(FractalLbaError, ValueError):
    """An audit proof or signed note that does not verify, or is malformed."""


class SubmitError(FractalLbaError, OSError):
    """A submission that got no HTTP answer at all after every retry (connection refused, timeouts)."""

    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts
