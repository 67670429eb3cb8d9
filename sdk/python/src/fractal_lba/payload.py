"""The byte-exact signature payload (docs/contract.md §2) and the number/string formatting every PCS file uses.

Python's own ``repr(float)`` and ``json.dumps(str)`` are the contract's formats, so they are used directly; what
needs care is the 9-decimal rounding: half up on the *shortest decimal* of the double (``Decimal(repr(x))``), which
is not Python's ``round(x, 9)`` (half even on the exact binary value), e.g. 0.1234567885 → 0.123456789.
"""

from __future__ import annotations

import decimal
import json
import math
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["SignedFields", "py_repr", "round9", "json_string", "signature_payload_text", "signature_payload"]

# Enough digits for any double quantized to 9 decimals (at most 309 + 9), so quantize never raises InvalidOperation.
_CONTEXT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)
_NINE = Decimal("1e-9")


def _finite(x: float) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"expected a number, got {type(x).__name__}")
    f = float(x)
    if not math.isfinite(f):
        raise ValueError(f"not a finite number: {f!r}")
    return f


def py_repr(x: float) -> str:
    """Python's ``repr(float)``: shortest round-trip digits, ``1.0``, ``1e-05``, ``1e+16``, ``-0.0``."""
    return repr(_finite(x))


def round9(x: float) -> float:
    """``float(Decimal(repr(x)).quantize(Decimal("1e-9"), ROUND_HALF_UP))``; keeps the sign of a zero result."""
    f = _finite(x)
    if f == 0.0:
        return f
    rounded = float(Decimal(repr(f)).quantize(_NINE, context=_CONTEXT))
    # Decimal keeps "-0E-9" but say so explicitly: -0.0000000001 rounds to -0.0, as in the Java implementation.
    return rounded if rounded != 0.0 else math.copysign(0.0, f)


def json_string(s: str) -> str:
    """A JSON string literal as ``json.dumps`` writes it by default (ASCII only, lowercase ``\\uXXXX``)."""
    if not isinstance(s, str):
        raise TypeError(f"expected a string, got {type(s).__name__}")
    return json.dumps(s)


@dataclass(frozen=True)
class SignedFields:
    """The eight signed fields as the agent gives them, before rounding."""

    pcs_id: str
    merkle_root: str
    epoch: int
    shard_id: str
    D_hat: float
    coh_star: float
    r: float
    budget: float


def signature_payload_text(f: SignedFields) -> str:
    """The payload text: keys in code-point order, compact separators, numbers rounded then written as repr."""
    if isinstance(f.epoch, bool) or not isinstance(f.epoch, int):
        raise TypeError("epoch must be an integer")
    return (
        '{"D_hat":' + py_repr(round9(f.D_hat))
        + ',"budget":' + py_repr(round9(f.budget))
        + ',"coh_star":' + py_repr(round9(f.coh_star))
        + ',"epoch":' + str(f.epoch)
        + ',"merkle_root":' + json_string(f.merkle_root)
        + ',"pcs_id":' + json_string(f.pcs_id)
        + ',"r":' + py_repr(round9(f.r))
        + ',"shard_id":' + json_string(f.shard_id)
        + "}"
    )


def signature_payload(f: SignedFields) -> bytes:
    """The bytes that are signed: the UTF-8 (in fact ASCII) encoding of :func:`signature_payload_text`."""
    return signature_payload_text(f).encode("utf-8")
