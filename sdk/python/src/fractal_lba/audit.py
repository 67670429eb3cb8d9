"""Offline checks of the audit log (docs/contract.md §8, docs/audit.md): C2SP signed-note checkpoints and RFC 6962 /
RFC 9162 inclusion and consistency proofs.

- leaf hash ``SHA-256(0x00 ‖ leaf)``, node hash ``SHA-256(0x01 ‖ left ‖ right)``;
- a checkpoint is the note text ``origin\\nsize\\nbase64(root)\\n``, a blank line, then signature lines
  ``— <name> base64(key id ‖ Ed25519 signature over the text)``;
- the verifier key is ``name+<8 hex key id>+base64(0x01 ‖ public key)`` with
  key id = ``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass
from typing import List, Optional, Sequence, Union

from . import _ed25519
from .errors import ProofError

__all__ = [
    "ED25519",
    "COSIGNATURE_V1",
    "NoteKey",
    "NoteSignature",
    "SignedNote",
    "Checkpoint",
    "leaf_hash",
    "node_hash",
    "parse_verifier_key",
    "parse_note",
    "verify_note",
    "parse_checkpoint",
    "verify_checkpoint",
    "verify_inclusion",
    "verify_consistency",
    "verify_leaf_inclusion",
]

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
_DASH = "\u2014 "
_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")
_LONG_MAX = 2**63 - 1


def leaf_hash(leaf: Union[bytes, str]) -> bytes:
    """RFC 6962 leaf hash of the leaf's bytes (a str leaf is its UTF-8 text)."""
    data = leaf.encode("utf-8") if isinstance(leaf, str) else bytes(leaf)
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProofError(f"{what} is not base64") from None


@dataclass(frozen=True)
class NoteKey:
    """A signed-note key: name, type (0x01 note signatures, 0x04 tlog cosignatures) and the Ed25519 public key."""

    name: str
    type: int
    public_key: bytes

    def __post_init__(self) -> None:
        if not self.name or any(c.isspace() or c == "+" for c in self.name):
            raise ProofError(f"a note key name is non-empty, without spaces or '+': {self.name!r}")
        if len(self.public_key) != 32:
            raise ProofError("an Ed25519 public key has 32 bytes")
        if self.type not in (ED25519, COSIGNATURE_V1):
            raise ProofError(f"unsupported note key type {self.type}")

    @property
    def key_id(self) -> bytes:
        return hashlib.sha256(self.name.encode("utf-8") + b"\n" + bytes([self.type]) + self.public_key).digest()[:4]

    @property
    def verifier_key(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(bytes([self.type]) + self.public_key).decode()}"


def parse_verifier_key(vkey: str) -> NoteKey:
    """Parses ``name+keyid+base64key``; the key id must match the one derived from the name and key."""
    parts = (vkey or "").strip().split("+", 2)  # the base64 part may itself contain '+'
    if len(parts) != 3:
        raise ProofError("a verifier key looks like name+keyid+base64key")
    typed = _b64(parts[2], "verifier key: the key part")
    if len(typed) != 33:
        raise ProofError("verifier key: expected a type byte and a 32-byte Ed25519 key")
    key = NoteKey(parts[0], typed[0], typed[1:])
    if key.key_id.hex() != parts[1].lower():
        raise ProofError(f"verifier key: key id {parts[1]} does not match name and key")
    return key


@dataclass(frozen=True)
class NoteSignature:
    key_name: str
    key_id: bytes
    signature: bytes


@dataclass(frozen=True)
class SignedNote:
    """The signed text (ending in a newline) and its signature lines."""

    text: str
    signatures: Sequence[NoteSignature]


def _check_text(text: str) -> None:
    if not text or not text.endswith("\n"):
        raise ProofError("malformed note: the text must end with a newline")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise ProofError("malformed note: the text contains a control character")


def parse_note(note: str) -> SignedNote:
    """Splits a signed note into text and signatures; refuses anything not in the C2SP format."""
    if not isinstance(note, str):
        raise ProofError("no note")
    sep = note.rfind("\n\n")
    if sep < 0 or not note.endswith("\n"):
        raise ProofError("malformed note: no blank line before the signatures, or no final newline")
    text = note[: sep + 1]
    _check_text(text)
    lines = note[sep + 2 :].split("\n")
    while lines and lines[-1] == "":
        lines.pop()  # the final newline (Java's split drops trailing empty strings the same way)
    sigs: List[NoteSignature] = []
    for line in lines:
        if not line.startswith(_DASH):
            raise ProofError("malformed note: signature line does not start with an em dash")
        fields = line[len(_DASH) :].split(" ")
        if len(fields) != 2 or not fields[0]:
            raise ProofError("malformed note: signature line is not '— name signature'")
        blob = _b64(fields[1], "malformed note: signature")
        if len(blob) < 5:
            raise ProofError("malformed note: signature too short")
        sigs.append(NoteSignature(fields[0], blob[:4], blob[4:]))
    if not sigs:
        raise ProofError("note has no signature")
    return SignedNote(text, tuple(sigs))


def _cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode("utf-8")


def verify_note(note: Union[str, SignedNote], key: NoteKey) -> SignedNote:
    """Raises :class:`ProofError` unless the note carries a valid signature by ``key``; returns the parsed note."""
    parsed = parse_note(note) if isinstance(note, str) else note
    saw_key = False
    backend = None
    for s in parsed.signatures:
        if s.key_name != key.name or not hmac.compare_digest(s.key_id, key.key_id):
            continue
        saw_key = True
        backend = backend or _ed25519.backend()
        if key.type == ED25519 and len(s.signature) == 64:
            if backend.verify(key.public_key, parsed.text.encode("utf-8"), s.signature):
                return parsed
        if key.type == COSIGNATURE_V1 and len(s.signature) == 72:
            (t,) = struct.unpack(">Q", s.signature[:8])
            if backend.verify(key.public_key, _cosigned_message(parsed.text, t), s.signature[8:]):
                return parsed
    raise ProofError(f"signature by {key.name} does not verify" if saw_key else f"note is not signed by {key.name}")


@dataclass(frozen=True)
class Checkpoint:
    """A C2SP tlog-checkpoint body: origin, tree size and root hash."""

    origin: str
    size: int
    root: bytes

    @property
    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Exactly three lines (origin, decimal size without leading zeros, base64 32-byte root), no extensions."""
    lines = text.split("\n")
    if len(lines) != 4 or lines[3] != "":
        raise ProofError("checkpoint text must be exactly origin, size and root lines")
    if not lines[0]:
        raise ProofError("checkpoint origin must be one non-empty line")
    if not _SIZE.fullmatch(lines[1]) or int(lines[1]) > _LONG_MAX:
        raise ProofError(f"checkpoint tree size is not a decimal without leading zeros: {lines[1]}")
    root = _b64(lines[2], "checkpoint root")
    if len(root) != 32:
        raise ProofError("checkpoint root is not 32 bytes")
    return Checkpoint(lines[0], int(lines[1]), root)


def verify_checkpoint(note: str, key: Union[NoteKey, str], expected_origin: Optional[str] = None) -> Checkpoint:
    """Verifies the note's signature by ``key`` (a NoteKey or verifier key text) and returns its checkpoint."""
    k = parse_verifier_key(key) if isinstance(key, str) else key
    parsed = verify_note(note, k)
    cp = parse_checkpoint(parsed.text)
    if expected_origin is not None and cp.origin != expected_origin:
        raise ProofError(f"checkpoint origin is '{cp.origin}', expected '{expected_origin}'")
    return cp


def _check_hashes(proof: Sequence[bytes]) -> List[bytes]:
    out = [bytes(p) for p in proof]
    if any(len(p) != 32 for p in out):
        raise ProofError("proof hash of wrong length")
    return out


def _decode_proof(proof: Sequence[Union[bytes, str]]) -> List[bytes]:
    return _check_hashes([_b64(p, "proof hash") if isinstance(p, str) else p for p in proof])


def verify_inclusion(index: int, size: int, leaf_hash_: bytes, proof: Sequence[Union[bytes, str]],
                     root: bytes) -> None:
    """RFC 9162 §2.1.3.2; ``proof`` hashes as bytes or base64, leaf side first. Raises :class:`ProofError`."""
    if index < 0 or index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    path = _decode_proof(proof)
    fn = index
    sn = size - 1
    r = bytes(leaf_hash_)
    for p in path:
        if sn == 0:
            raise ProofError(f"inclusion proof is longer than a tree of size {size} allows")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError(f"inclusion proof is shorter than a tree of size {size} needs")
    if not hmac.compare_digest(r, bytes(root)):
        raise ProofError(f"inclusion proof of leaf {index} does not lead to the root of size {size}")


def verify_leaf_inclusion(leaf: Union[bytes, str], index: int, proof: Sequence[Union[bytes, str]], note: str,
                          key: Union[NoteKey, str], expected_origin: Optional[str] = None,
                          tree_size: Optional[int] = None) -> Checkpoint:
    """The whole check an agent makes: the checkpoint note is signed by the log, and the leaf is in its tree."""
    cp = verify_checkpoint(note, key, expected_origin)
    if tree_size is not None and tree_size != cp.size:
        raise ProofError(f"the proof is for a tree of size {tree_size}, the checkpoint signs size {cp.size}")
    verify_inclusion(index, cp.size, leaf_hash(leaf), proof, cp.root)
    return cp


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[Union[bytes, str]]) -> None:
    """RFC 9162 §2.1.4.2: the tree of size ``second`` extends the tree of size ``first``."""
    if first <= 0 or first > second:
        raise ProofError(f"no consistency proof exists from size {first} to size {second}")
    path = _decode_proof(proof)
    if first == second:
        if path:
            raise ProofError("consistency proof between equal sizes must be empty")
        if not hmac.compare_digest(bytes(first_root), bytes(second_root)):
            raise ProofError(f"two different roots for the same tree size {first}")
        return
    if not path:
        raise ProofError(f"empty consistency proof from size {first} to size {second}")
    if first & (first - 1) == 0:
        path.insert(0, bytes(first_root))
    fn = first - 1
    sn = second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError(f"consistency proof is longer than sizes {first} -> {second} allow")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError(f"consistency proof is shorter than sizes {first} -> {second} need")
    if not hmac.compare_digest(fr, bytes(first_root)):
        raise ProofError(f"consistency proof does not reproduce the root of size {first}")
    if not hmac.compare_digest(sr, bytes(second_root)):
        raise ProofError(f"consistency proof does not reproduce the root of size {second}")
