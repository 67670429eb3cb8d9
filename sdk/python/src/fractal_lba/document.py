"""The PCS document (docs/contract.md §1): a strict parser and the byte-exact writer (§7, "The file").

The parser refuses what the verifier refuses with a 400 (duplicate keys at any depth, ``NaN``/``Infinity``, a
member of the wrong JSON type, ``1.0`` or ``"1"`` for an integer, integers beyond 64 bits, a missing required
member, a body over 64 KiB, nesting deeper than 32) and raises :class:`PcsParseError` with the verifier's problem
slug. Value rules (empty shard, negative epoch, a wrong ``pcs_id``) are not parse errors but decisions (§4).

The writer produces the members in the Java reference's order, numbers as Python's ``repr`` and strings as
``json.dumps``, so the same document is the same bytes in every SDK.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

from .errors import PcsParseError
from .payload import SignedFields, json_string, py_repr

__all__ = [
    "SCHEMA",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "FaultTolerance",
    "Usage",
    "Pcs",
    "parse_document",
    "to_json",
    "to_bytes",
]

SCHEMA = "fractal-lba-kakeya"
DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 32
_MAX_NUMBER_LENGTH = 400
_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1
_REQUIRED = (
    "pcs_id", "schema", "version", "shard_id", "epoch", "scales", "N_j",
    "coh_star", "D_hat", "r", "regime", "budget", "merkle_root",
)


@dataclass(frozen=True)
class FaultTolerance:
    """The agent's ``ft`` block (informational); absent members are None."""

    outbox_seq: Optional[int] = 0
    degraded: Optional[bool] = False
    fallbacks: Optional[Tuple[str, ...]] = ()
    clock_skew_ms: Optional[float] = 0.0


@dataclass(frozen=True)
class Usage:
    """The optional, unsigned ``usage`` block (declared LLM usage); every member optional."""

    model: Optional[str] = None
    task: Optional[str] = None
    input_tokens: Optional[int] = None
    output_tokens: Optional[int] = None
    provider_cost_usd: Optional[float] = None


@dataclass(frozen=True)
class Pcs:
    """A well-typed PCS. Well-typed is not valid: the value rules are the decision's (see :mod:`fractal_lba.verify`)."""

    pcs_id: str
    schema: str
    version: str
    shard_id: str
    epoch: int
    scales: Tuple[int, ...]
    N_j: Dict[str, int]
    coh_star: float
    D_hat: float
    r: float
    regime: str
    budget: float
    merkle_root: str
    attempt: Optional[int] = None
    sent_at: Optional[str] = None
    seed: Optional[int] = None
    v_star: Optional[Tuple[float, ...]] = None
    sig: Optional[str] = None
    ft: Optional[FaultTolerance] = None
    usage: Optional[Usage] = None
    #: Unknown top-level members as parsed (kept for the caller; the writer, like Java's, does not emit them).
    extra: Dict[str, Any] = field(default_factory=dict, compare=False)

    def signed_fields(self) -> SignedFields:
        return SignedFields(self.pcs_id, self.merkle_root, self.epoch, self.shard_id,
                            self.D_hat, self.coh_star, self.r, self.budget)

    def with_signature(self, sig: Optional[str]) -> "Pcs":
        return dataclasses.replace(self, sig=sig)

    def with_usage(self, usage: Optional[Usage]) -> "Pcs":
        return dataclasses.replace(self, usage=usage)

    @property
    def has_signature(self) -> bool:
        return bool(self.sig)


# ---------------------------------------------------------------------------------------------------------- parse


class _Refused(Exception):
    def __init__(self, problem: str, message: str, field: Optional[str] = None) -> None:
        super().__init__(message)
        self.problem = problem
        self.field = field


def _pairs(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Refused("duplicate-key", f"duplicate key '{k}'", k)
        out[k] = v
    return out


def _constant(name: str) -> Any:
    raise _Refused("malformed-json", f"{name} is not a JSON number")


def _int_token(s: str) -> int:
    if len(s) > _MAX_NUMBER_LENGTH:
        raise _Refused("malformed-json", f"number of {len(s)} characters exceeds the limit of {_MAX_NUMBER_LENGTH}")
    return int(s)


def _float_token(s: str) -> float:
    if len(s) > _MAX_NUMBER_LENGTH:
        raise _Refused("malformed-json", f"number of {len(s)} characters exceeds the limit of {_MAX_NUMBER_LENGTH}")
    return float(s)  # 1e400 becomes inf and is refused only where a number is read, as the verifier does


def _depth(v: Any) -> int:
    # Iterative, so hostile nesting cannot exhaust the stack here.
    deepest = 0
    stack = [(v, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, dict):
            deepest = max(deepest, d)
            stack.extend((c, d + 1) for c in node.values())
        elif isinstance(node, list):
            deepest = max(deepest, d)
            stack.extend((c, d + 1) for c in node)
    return deepest


def _describe(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int):
        return "an integer"
    if isinstance(v, float):
        return "a non-integral number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    return "an object"


def _wrong(name: str, expected: str, v: Any) -> _Refused:
    return _Refused("wrong-type", f"field '{name}' must be {expected}, got {_describe(v)}", name)


def _string(v: Any, name: str) -> str:
    if not isinstance(v, str):
        raise _wrong(name, "a string", v)
    return v


def _integer(v: Any, name: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise _wrong(name, "an integer", v)
    if not _LONG_MIN <= v <= _LONG_MAX:
        raise _Refused("number-out-of-range", f"field '{name}' does not fit in a signed 64-bit integer", name)
    return v


def _number(v: Any, name: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _wrong(name, "a number", v)
    try:
        f = float(v)
    except OverflowError:
        f = float("inf")
    if f != f or f in (float("inf"), float("-inf")):
        raise _Refused("number-out-of-range", f"field '{name}' is outside the range of a double", name)
    return f


def _integer_array(v: Any, name: str) -> Tuple[int, ...]:
    if not isinstance(v, list):
        raise _wrong(name, "an array of integers", v)
    return tuple(_integer(x, f"{name}[{i}]") for i, x in enumerate(v))


def _number_array(v: Any, name: str) -> Tuple[float, ...]:
    if not isinstance(v, list):
        raise _wrong(name, "an array of numbers", v)
    return tuple(_number(x, f"{name}[{i}]") for i, x in enumerate(v))


def _counts(v: Any, name: str) -> Dict[str, int]:
    if not isinstance(v, dict):
        raise _wrong(name, "an object of integer counts", v)
    return {k: _integer(x, f"{name}.{k}") for k, x in v.items()}


def _ft(v: Any) -> FaultTolerance:
    if not isinstance(v, dict):
        raise _wrong("ft", "an object", v)
    seq: Optional[int] = None
    degraded: Optional[bool] = None
    fallbacks: Optional[Tuple[str, ...]] = None
    skew: Optional[float] = None
    for k, x in v.items():
        if x is None:
            continue
        if k == "outbox_seq":
            seq = _integer(x, "ft.outbox_seq")
        elif k == "degraded":
            if not isinstance(x, bool):
                raise _wrong("ft.degraded", "a boolean", x)
            degraded = x
        elif k == "fallbacks":
            if not isinstance(x, list):
                raise _wrong("ft.fallbacks", "an array of strings", x)
            fallbacks = tuple(_string(s, f"ft.fallbacks[{i}]") for i, s in enumerate(x))
        elif k == "clock_skew_ms":
            skew = _number(x, "ft.clock_skew_ms")
    return FaultTolerance(seq, degraded, fallbacks, skew)


def _non_negative(n: int, name: str) -> int:
    if n < 0:
        raise _Refused("wrong-type", f"field '{name}' must be an integer >= 0, got {n}", name)
    return n


def _usage(v: Any) -> Usage:
    if not isinstance(v, dict):
        raise _wrong("usage", "an object", v)
    u: Dict[str, Any] = {}
    for k, x in v.items():
        if x is None:
            continue
        if k in ("model", "task"):
            u[k] = _string(x, f"usage.{k}")
        elif k in ("input_tokens", "output_tokens"):
            u[k] = _non_negative(_integer(x, f"usage.{k}"), f"usage.{k}")
        elif k == "provider_cost_usd":
            cost = _number(x, "usage.provider_cost_usd")
            if cost < 0:
                raise _Refused("wrong-type", f"field 'usage.provider_cost_usd' must be a number >= 0, got {cost!r}",
                               "usage.provider_cost_usd")
            u[k] = cost
    return Usage(**u)


_READERS: Dict[str, Any] = {
    "pcs_id": _string, "schema": _string, "version": _string, "shard_id": _string,
    "epoch": _integer, "scales": _integer_array, "N_j": _counts,
    "coh_star": _number, "D_hat": _number, "r": _number, "regime": _string, "budget": _number,
    "merkle_root": _string,
}
_OPTIONAL: Dict[str, Any] = {
    "attempt": _integer, "sent_at": _string, "seed": _integer, "v_star": _number_array, "sig": _string,
    "ft": lambda v, _n: _ft(v), "usage": lambda v, _n: _usage(v),
}


def parse_document(data: Union[bytes, bytearray, str], max_bytes: int = DEFAULT_MAX_BYTES,
                   max_depth: int = DEFAULT_MAX_DEPTH) -> Pcs:
    """Parses a PCS body strictly; raises :class:`PcsParseError` (never anything else) on any bad input."""
    body = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if not body:
        raise PcsParseError("malformed-json", "empty body")
    if len(body) > max_bytes:
        raise PcsParseError("body-too-large", f"body of {len(body)} bytes exceeds the limit of {max_bytes} bytes")
    try:
        try:
            tree = json.loads(body, object_pairs_hook=_pairs, parse_constant=_constant,
                              parse_int=_int_token, parse_float=_float_token)
        except json.JSONDecodeError as e:
            raise _Refused("malformed-json", f"malformed JSON: {e.msg} at line {e.lineno}, column {e.colno}")
        except RecursionError:
            raise _Refused("too-deeply-nested", f"nesting deeper than {max_depth}")
        except (UnicodeDecodeError, ValueError) as e:
            raise _Refused("malformed-json", f"unreadable JSON body: {e}")
        if not isinstance(tree, dict):
            raise _Refused("not-an-object", "the body must be a JSON object")
        if _depth(tree) > max_depth:
            raise _Refused("too-deeply-nested", f"nesting deeper than {max_depth}")
        values: Dict[str, Any] = {}
        extra: Dict[str, Any] = {}
        for name, v in tree.items():
            if name in _READERS:
                values[name] = _READERS[name](v, name)
            elif name in _OPTIONAL:
                values[name] = None if v is None else _OPTIONAL[name](v, name)
            else:
                extra[name] = v
        for name in _REQUIRED:
            if name not in values:
                raise _Refused("missing-field", f"required field '{name}' is missing", name)
        return Pcs(extra=extra, **values)
    except _Refused as e:
        raise PcsParseError(e.problem, str(e), e.field) from None


# ---------------------------------------------------------------------------------------------------------- write

_LONG_TEXT = re.compile(r"[+-]?\d+")


def _java_parse_long(key: str) -> Optional[int]:
    # Long.parseLong as the Java writer uses it to tell scale keys from others ("08" and "+8" count as scale 8).
    if not _LONG_TEXT.fullmatch(key):
        return None
    try:
        n = int(key)
    except ValueError:
        return None
    return n if _LONG_MIN <= n <= _LONG_MAX else None


def _ft_text(ft: FaultTolerance) -> str:
    parts = []
    if ft.outbox_seq is not None:
        parts.append(f'"outbox_seq":{ft.outbox_seq}')
    if ft.degraded is not None:
        parts.append('"degraded":' + ("true" if ft.degraded else "false"))
    if ft.fallbacks is not None:
        parts.append('"fallbacks":[' + ",".join(json_string(s) for s in ft.fallbacks) + "]")
    if ft.clock_skew_ms is not None:
        parts.append('"clock_skew_ms":' + py_repr(ft.clock_skew_ms))
    return '"ft":{' + ",".join(parts) + "}"


def _usage_text(u: Usage) -> str:
    parts = []
    if u.model is not None:
        parts.append('"model":' + json_string(u.model))
    if u.task is not None:
        parts.append('"task":' + json_string(u.task))
    if u.input_tokens is not None:
        parts.append(f'"input_tokens":{u.input_tokens}')
    if u.output_tokens is not None:
        parts.append(f'"output_tokens":{u.output_tokens}')
    if u.provider_cost_usd is not None:
        parts.append('"provider_cost_usd":' + py_repr(u.provider_cost_usd))
    return '"usage":{' + ",".join(parts) + "}"


def _nj_text(scales: Tuple[int, ...], nj: Dict[str, int]) -> str:
    parts = []
    written = set()
    for s in scales:  # in scale order, like the agent
        key = str(s)
        if key in nj and key not in written:
            parts.append(json_string(key) + ":" + str(nj[key]))
            written.add(key)
    scale_set = set(scales)
    for key, n in nj.items():
        if key not in written and _java_parse_long(key) not in scale_set:
            parts.append(json_string(key) + ":" + str(n))
    return "{" + ",".join(parts) + "}"


def to_json(p: Pcs) -> str:
    """The compact file text, members in the contract's order (§7, "The file")."""
    o = [
        '{"pcs_id":' + json_string(p.pcs_id),
        '"schema":' + json_string(p.schema),
        '"version":' + json_string(p.version),
        '"shard_id":' + json_string(p.shard_id),
        f'"epoch":{int(p.epoch)}',
    ]
    if p.attempt is not None:
        o.append(f'"attempt":{int(p.attempt)}')
    if p.sent_at is not None:
        o.append('"sent_at":' + json_string(p.sent_at))
    if p.seed is not None:
        o.append(f'"seed":{int(p.seed)}')
    o.append('"scales":[' + ",".join(str(int(s)) for s in p.scales) + "]")
    o.append('"N_j":' + _nj_text(tuple(p.scales), p.N_j))
    o.append('"coh_star":' + py_repr(p.coh_star))
    if p.v_star is not None:
        o.append('"v_star":[' + ",".join(py_repr(c) for c in p.v_star) + "]")
    o.append('"D_hat":' + py_repr(p.D_hat))
    o.append('"r":' + py_repr(p.r))
    o.append('"regime":' + json_string(p.regime))
    o.append('"budget":' + py_repr(p.budget))
    o.append('"merkle_root":' + json_string(p.merkle_root))
    if p.sig is not None:
        o.append('"sig":' + json_string(p.sig))
    if p.ft is not None:
        o.append(_ft_text(p.ft))
    if p.usage is not None:
        o.append(_usage_text(p.usage))
    return ",".join(o) + "}"


def to_bytes(p: Pcs) -> bytes:
    """:func:`to_json` as UTF-8 (all ASCII)."""
    return to_json(p).encode("ascii")
