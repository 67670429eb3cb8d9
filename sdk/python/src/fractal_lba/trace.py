"""Strict reading of an agent's CSV trace (docs/contract.md §7, "The trace" and "Raw bytes").

Every SDK reads the same file into the same points and the same raw bytes, and refuses the same malformed files,
so the rules are narrow on purpose: a plain decimal grammar (no ``nan``, ``inf``, ``1_0``, hex or Unicode digits).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import List, Tuple, Union

from .errors import TraceError

__all__ = ["Trace", "parse_trace", "read_trace"]

Point = Tuple[float, float, float]

_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_BLANK = " \t\r"


@dataclass(frozen=True)
class Trace:
    """The points ``(x, y, z)`` and the raw bytes hashed into the Merkle root and compressed into ``r``."""

    points: Tuple[Point, ...]
    raw: bytes


def _timestamp_text(t: float) -> str:
    # f"{t:.9f}": the exact binary value rounded half even; a negative value (-0.0 included) keeps its sign even when
    # it rounds to zero ("-0.000000000"), as the Python agents in the field write it (docs/contract.md §7).
    return f"{t:.9f}"


def _number(text: str, line: int, column: int) -> float:
    if not _NUMBER.fullmatch(text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise TraceError(f"not a decimal number: {shown!r}", line, column)
    value = float(text)  # correctly rounded, like Java's Double.parseDouble
    if not math.isfinite(value):
        raise TraceError(f"number out of range: {text!r}", line, column)
    return value


def parse_trace(csv: str) -> Trace:
    """Reads CSV text ``timestamp,x,y,z`` with a header line; raises :class:`TraceError` naming line and column."""
    if not isinstance(csv, str):
        raise TypeError("parse_trace takes text; use read_trace for bytes or a file")
    points: List[Point] = []
    rows: List[str] = []
    lines = csv.split("\n")
    for i in range(1, len(lines)):
        number = i + 1
        line = lines[i].strip(_BLANK)
        if not line:
            continue
        fields = line.split(",")
        if len(fields) != 4:
            column = 5 if len(fields) > 4 else len(fields) + 1
            raise TraceError(f"expected 4 fields timestamp,x,y,z, found {len(fields)}", number, column)
        text = [f.strip(_BLANK) for f in fields]
        values = [_number(text[c], number, c + 1) for c in range(4)]
        points.append((values[1], values[2], values[3]))
        rows.append(f"{_timestamp_text(values[0])},{text[1]},{text[2]},{text[3]}")
    if not points:
        raise TraceError("the trace has no data rows (a header line, then timestamp,x,y,z rows)")
    return Trace(tuple(points), "\n".join(rows).encode("utf-8"))


def read_trace(source: Union[str, bytes, "os.PathLike[str]"]) -> Trace:
    """Reads a trace from a file path (str or PathLike) or from raw bytes; the text must be valid UTF-8."""
    if isinstance(source, bytes):
        data = source
    else:
        with open(source, "rb") as f:
            data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise TraceError(f"not valid UTF-8 (byte offset {e.start})", line) from None
    return parse_trace(text)

