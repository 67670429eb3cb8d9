"""The agent's durable outbox (docs/contract.md §6): a PCS is on disk, fsynced, before the first byte is sent.

One file per entry, ``<seq:020d>.pcs``: written to a temporary name, fsynced, linked to its final name (never over
another entry), then the directory is fsynced. An entry is removed on a final answer: 200/202 acknowledge it, and a
4xx other than 429 (the same bytes can never succeed) moves it to ``dead/`` with a ``.reason`` file. Everything else
(no answer, 429/5xx after the last retry) leaves it pending, and the next run resends it first — safe, because the
verifier answers a duplicate with the first answer.
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Union

from .client import PcsClient
from .errors import SubmitError
from .retry import Response, body_bytes

__all__ = ["Entry", "Delivery", "Outbox", "OutboxSender", "ACKNOWLEDGED", "DEAD_LETTER", "PENDING"]

ACKNOWLEDGED = "acknowledged"
DEAD_LETTER = "dead_letter"
PENDING = "pending"
_SUFFIX = ".pcs"


@dataclass(frozen=True)
class Entry:
    """A pending submission: its file and its exact bytes."""

    path: Path
    body: bytes

    @property
    def seq(self) -> int:
        return int(self.path.name.split(".", 1)[0])


@dataclass(frozen=True)
class Delivery:
    """What became of one entry: ``acknowledged``, ``dead_letter`` or still ``pending``."""

    entry: Entry
    result: str
    response: Optional[Response] = None
    error: Optional[str] = None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(str(path), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # some platforms cannot open a directory; the file's own fsync already happened
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes, mode: int = 0o600) -> None:
    fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _seq_of(name: str) -> int:
    head = name.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


class Outbox:
    """A directory of pending submissions (created if needed) with a ``dead/`` subdirectory."""

    def __init__(self, directory: Union[str, "os.PathLike[str]"]) -> None:
        self.dir = Path(directory)
        self.dead = self.dir / "dead"
        self.dead.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._seq = self._highest()

    def _highest(self) -> int:
        names = [p.name for p in self.dir.iterdir()] + [p.name for p in self.dead.iterdir()]
        return max((_seq_of(n) for n in names), default=0)

    def append(self, body: Union[bytes, str, Any]) -> Entry:
        """Makes ``body`` durable and returns its entry; only then may it be sent."""
        data = body_bytes(body)
        with self._lock:
            while True:
                self._seq = max(self._seq, self._highest()) + 1
                final = self.dir / f"{self._seq:020d}{_SUFFIX}"
                tmp = self.dir / f"{final.name}.tmp"
                try:
                    _write_durably(tmp, data)
                except FileExistsError:
                    continue  # another process is writing this number: take the next
                try:
                    try:
                        os.link(str(tmp), str(final))  # fails instead of replacing another process's entry
                    except FileExistsError:
                        continue
                    except OSError:
                        if final.exists():
                            continue
                        os.rename(str(tmp), str(final))  # no hard links here (some network/FUSE file systems)
                finally:
                    if tmp.exists():
                        os.unlink(str(tmp))
                _fsync_dir(self.dir)
                return Entry(final, data)

    def pending(self) -> List[Entry]:
        """Entries not yet answered for good, oldest first (what a restarted agent resends)."""
        out = []
        for p in sorted(self.dir.iterdir(), key=lambda q: q.name):
            if p.is_file() and p.name.endswith(_SUFFIX) and p.name[: -len(_SUFFIX)].isdigit():
                try:
                    out.append(Entry(p, p.read_bytes()))
                except FileNotFoundError:
                    continue  # acknowledged meanwhile by another sender
        return out

    def acknowledge(self, entry: Entry) -> None:
        """The verifier has it (200/202): forget the entry."""
        try:
            os.unlink(str(entry.path))
        except FileNotFoundError:
            pass
        _fsync_dir(self.dir)

    def dead_letter(self, entry: Entry, reason: str) -> Path:
        """Gives up on an entry for good: it moves to ``dead/`` beside a ``.reason`` file. Returns its new path."""
        target = self.dead / entry.path.name
        reason_file = self.dead / f"{entry.path.name}.reason"
        tmp = self.dead / f"{entry.path.name}.reason.tmp"
        if tmp.exists():
            os.unlink(str(tmp))
        # The reason first: a crash in between leaves the entry pending (resent, then dead again), never unexplained.
        _write_durably(tmp, (reason.rstrip("\n") + "\n").encode("utf-8"), 0o644)
        os.replace(str(tmp), str(reason_file))
        os.replace(str(entry.path), str(target))
        _fsync_dir(self.dead)
        _fsync_dir(self.dir)
        return target

    def dead_letters(self) -> List[Path]:
        return sorted(p for p in self.dead.iterdir() if p.name.endswith(_SUFFIX))


def _reason(r: Response) -> str:
    return f"HTTP {r.status}: {r.text.strip()}"


class OutboxSender:
    """Delivers outbox entries through a :class:`PcsClient` (which does the retries)."""

    def __init__(self, outbox: Outbox, client: PcsClient) -> None:
        self.outbox = outbox
        self.client = client

    def submit(self, body: Union[bytes, str, Any]) -> Delivery:
        """Appends (durably), then delivers."""
        return self.deliver(self.outbox.append(body))

    def drain(self) -> List[Delivery]:
        """Delivers every pending entry, oldest first (entries a crashed or stopped run left behind)."""
        return [self.deliver(e) for e in self.outbox.pending()]

    def deliver(self, entry: Entry) -> Delivery:
        try:
            r = self.client.submit(entry.body)
        except SubmitError as e:
            return Delivery(entry, PENDING, None, str(e))
        if r.ok:
            self.outbox.acknowledge(entry)
            return Delivery(entry, ACKNOWLEDGED, r)
        if 400 <= r.status < 500 and r.status != 429:
            moved = self.outbox.dead_letter(entry, _reason(r))
            return Delivery(Entry(moved, entry.body), DEAD_LETTER, r, _reason(r))
        return Delivery(entry, PENDING, r, f"still pending after {r.attempts} attempt(s): {_reason(r)}")
