"""Fractal LBA agent SDK: build a Proof-of-Computation Summary (PCS) from a trace, sign it, check it offline and
submit it durably to the verifier — byte-identical with the Java, TypeScript and Go SDKs (docs/contract.md).

Standard library only; Ed25519 uses the ``cryptography`` package when it is installed.
"""

__version__ = "0.1.0"  # first: the submodules read it

from .build import build_pcs, from_signals, Signals
from .client import PcsClient, submit
from .document import FaultTolerance, Pcs, Usage, parse_document, to_bytes, to_json
from .errors import (
    BuildError,
    FractalLbaError,
    KeyMaterialError,
    MissingDependencyError,
    PcsParseError,
    ProofError,
    ReferenceZlibError,
    SubmitError,
    TraceError,
)
from .payload import SignedFields, py_repr, round9, signature_payload
from .retry import Response, RetryPolicy
from .signing import Signer, Verifier, signer, verifier
from .trace import Trace, parse_trace, read_trace
from .verify import Outcome, decide, verify_signature


__all__ = [
    "__version__",
    "build_pcs", "from_signals", "Signals",
    "PcsClient", "submit",
    "FaultTolerance", "Pcs", "Usage", "parse_document", "to_bytes", "to_json",
    "BuildError", "FractalLbaError", "KeyMaterialError", "MissingDependencyError", "PcsParseError", "ProofError",
    "ReferenceZlibError", "SubmitError", "TraceError",
    "SignedFields", "py_repr", "round9", "signature_payload",
    "Response", "RetryPolicy",
    "Signer", "Verifier", "signer", "verifier",
    "Trace", "parse_trace", "read_trace",
    "Outcome", "decide", "verify_signature",
]
