"""Signature algorithms of docs/contract.md §2: ``hmac``, ``hmac-legacy``, ``ed25519`` and ``none``.

- ``hmac``: base64(HMAC-SHA256(secret, payload));
- ``hmac-legacy``: base64(HMAC-SHA256(secret, SHA-256(payload))), for tenants that opted in for older SDKs;
- ``ed25519``: pure Ed25519 over the 32 bytes SHA-256(payload), with the 32-byte RFC 8032 seed as private key;
- ``none``: an empty ``sig``, accepted only by tenants configured for unsigned submissions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from typing import Optional, Union

from . import _ed25519
from .errors import KeyMaterialError

__all__ = [
    "ALGORITHMS",
    "normalize_alg",
    "Signer",
    "Verifier",
    "signer",
    "verifier",
    "key32",
    "decode_signature",
    "ed25519_public_key",
    "generate_seed",
]

ALGORITHMS = ("hmac", "hmac-legacy", "ed25519", "none")
_HEX = re.compile(r"[0-9a-fA-F]+")

Material = Union[bytes, bytearray, str]


def normalize_alg(alg: str) -> str:
    """The algorithm's canonical name (matched case-insensitively, as the verifier's configuration is)."""
    name = (alg or "").strip().lower()
    if name not in ALGORITHMS:
        raise KeyMaterialError(f"unknown signature algorithm {alg!r} (hmac, hmac-legacy, ed25519 or none)")
    return name


def key32(text: str, what: str = "key") -> bytes:
    """32 key bytes written as 64 hex digits or as standard base64 (44 characters); anything else is refused."""
    t = text.strip()
    if _HEX.fullmatch(t):  # 32 bytes in base64 end with "=", so an all-hex text is never meant as base64
        if len(t) != 64:
            raise KeyMaterialError(f"{what} must be 32 bytes (64 hex digits), got {len(t)} hex digits")
        return bytes.fromhex(t)
    try:
        key = base64.b64decode(t, validate=True)
    except (binascii.Error, ValueError):
        raise KeyMaterialError(f"{what} is neither 64 hex digits nor base64") from None
    if len(key) != 32:
        raise KeyMaterialError(f"{what} must be 32 bytes (64 hex digits), got {len(key)} bytes")
    return key


def _secret_bytes(material: Material) -> bytes:
    data = material.encode("utf-8") if isinstance(material, str) else bytes(material)
    if not data:
        raise KeyMaterialError("the HMAC secret must not be empty")
    return data


def _seed_bytes(material: Material, what: str = "Ed25519 seed") -> bytes:
    data = key32(material, what) if isinstance(material, str) else bytes(material)
    if len(data) != 32:
        raise KeyMaterialError(f"{what} must be 32 bytes, got {len(data)}")
    return data


def decode_signature(sig: Optional[str]) -> Optional[bytes]:
    """Strict standard padded base64, or None: an undecodable ``sig`` is a failed signature, not an error."""
    if not isinstance(sig, str) or not sig or len(sig) % 4 != 0:
        return None
    try:
        return base64.b64decode(sig, validate=True)
    except (binascii.Error, ValueError):
        return None


class Signer:
    """Makes the base64 ``sig`` of a payload with one algorithm and key."""

    def __init__(self, alg: str, material: Material = b"") -> None:
        self.alg = normalize_alg(alg)
        self._key = b""
        if self.alg in ("hmac", "hmac-legacy"):
            self._key = _secret_bytes(material)
        elif self.alg == "ed25519":
            self._key = _seed_bytes(material)
            _ed25519.backend()  # fail now, with the install hint, rather than at the first signature

    def sign(self, payload: bytes) -> str:
        if self.alg == "none":
            return ""
        if self.alg == "ed25519":
            raw = _ed25519.backend().sign(self._key, hashlib.sha256(payload).digest())
        else:
            message = hashlib.sha256(payload).digest() if self.alg == "hmac-legacy" else payload
            raw = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.b64encode(raw).decode("ascii")


class Verifier:
    """Checks a base64 ``sig`` over a payload; HMACs are compared in constant time."""

    def __init__(self, alg: str, material: Material = b"") -> None:
        self.alg = normalize_alg(alg)
        self._key = b""
        if self.alg in ("hmac", "hmac-legacy"):
            self._key = _secret_bytes(material)
        elif self.alg == "ed25519":
            self._key = _seed_bytes(material, "Ed25519 public key")
            _ed25519.backend()

    def verify(self, payload: bytes, signature_b64: Optional[str]) -> bool:
        if self.alg == "none":
            return True
        given = decode_signature(signature_b64)
        if given is None:
            return False
        if self.alg == "ed25519":
            return len(given) == 64 and _ed25519.backend().verify(self._key, hashlib.sha256(payload).digest(), given)
        message = hashlib.sha256(payload).digest() if self.alg == "hmac-legacy" else payload
        return hmac.compare_digest(hmac.new(self._key, message, hashlib.sha256).digest(), given)


def signer(alg: str, material: Material = b"") -> Signer:
    """A signer: ``material`` is the HMAC secret (text or bytes) or the Ed25519 seed (32 bytes, hex or base64)."""
    return Signer(alg, material)


def verifier(alg: str, material: Material = b"") -> Verifier:
    """A verifier: ``material`` is the HMAC secret or the Ed25519 public key (32 bytes, hex or base64)."""
    return Verifier(alg, material)


def ed25519_public_key(seed: Material) -> bytes:
    """The 32-byte public key of a 32-byte RFC 8032 seed."""
    return _ed25519.backend().public_key(_seed_bytes(seed))


def generate_seed() -> bytes:
    """A fresh random 32-byte Ed25519 seed from the OS CSPRNG."""
    return os.urandom(32)
