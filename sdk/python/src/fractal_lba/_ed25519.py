"""Ed25519 through the ``cryptography`` package, loaded on first use so that HMAC-only agents need nothing else."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Optional

from .errors import MissingDependencyError

__all__ = ["Ed25519Backend", "load", "backend", "INSTALL_HINT"]

INSTALL_HINT = (
    "Ed25519 needs the 'cryptography' package: pip install cryptography "
    "(Debian/Ubuntu: apt-get install python3-cryptography)"
)
_MODULE = "cryptography.hazmat.primitives.asymmetric.ed25519"


class Ed25519Backend:
    """Pure Ed25519 (RFC 8032) with raw 32-byte seeds and public keys."""

    def __init__(self, module: Any) -> None:
        self._m = module

    def public_key(self, seed: bytes) -> bytes:
        priv = self._m.Ed25519PrivateKey.from_private_bytes(bytes(seed))
        return self._raw_public(priv.public_key())

    def sign(self, seed: bytes, message: bytes) -> bytes:
        return bytes(self._m.Ed25519PrivateKey.from_private_bytes(bytes(seed)).sign(bytes(message)))

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> bool:
        try:
            pub = self._m.Ed25519PublicKey.from_public_bytes(bytes(public_key))
            pub.verify(bytes(signature), bytes(message))
            return True
        except Exception:  # InvalidSignature, or a key that is not a curve point: a failed check either way
            return False

    @staticmethod
    def _raw_public(pub: Any) -> bytes:
        # public_bytes_raw() exists since cryptography 40; older releases (Debian 12 ships 38) need the long form.
        raw = getattr(pub, "public_bytes_raw", None)
        if raw is not None:
            return bytes(raw())
        serialization = importlib.import_module("cryptography.hazmat.primitives.serialization")
        return bytes(pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


_cached: Optional[Ed25519Backend] = None


def load(importer: Callable[[str], Any] = importlib.import_module) -> Ed25519Backend:
    """Imports the backend; raises :class:`MissingDependencyError` naming the install command when it is missing."""
    try:
        module = importer(_MODULE)
    except ImportError as e:
        raise MissingDependencyError(f"{INSTALL_HINT} ({e})") from None
    if module is None:  # a None entry in sys.modules blocks the import the same way
        raise MissingDependencyError(INSTALL_HINT)
    return Ed25519Backend(module)


def backend() -> Ed25519Backend:
    """The cached backend (loaded on the first Ed25519 operation)."""
    global _cached
    if _cached is None:
        _cached = load()
    return _cached
