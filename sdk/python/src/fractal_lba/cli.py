"""``python -m fractal_lba build|sign|verify|submit|keygen`` — the command line every SDK of the project shares.

Exit codes: 0 ok, 1 a server or I/O failure (or a signature that does not verify), 2 bad input or usage. Messages
go to stderr as one line; a wrong PCS is never written (output files are written whole, by rename, or not at all).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from . import __version__
from .build import DEFAULT_EPOCH, DEFAULT_SCALES, DEFAULT_SEED, DEFAULT_SHARD, build_pcs
from .client import PcsClient
from .document import Pcs, parse_document, to_json
from .errors import FractalLbaError, MissingDependencyError, PcsParseError, SubmitError
from .outbox import ACKNOWLEDGED, Outbox, OutboxSender
from .payload import signature_payload
from .retry import DEFAULT_RETRY, Response, RetryPolicy
from .signing import ALGORITHMS, Signer, ed25519_public_key, generate_seed, key32, signer
from .trace import read_trace
from .verify import decide, verify_signature

__all__ = ["main"]

_LONG_MAX = 2**63 - 1
_LONG_MIN = -(2**63)


class UsageError(Exception):
    """Bad input or usage: exit 2."""


class Failure(Exception):
    """A server or I/O failure: exit 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line on stderr, exit 2 (argparse's default prints usage too)
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _int_arg(text: str, name: str, lo: int, hi: int) -> int:
    t = text.strip()
    if not re.fullmatch(r"-?[0-9]+", t):  # as every SDK's CLI: ASCII digits, an optional '-', no '+'
        raise UsageError(f"{name} must be an integer, got {text!r}")
    v = int(t)
    if not lo <= v <= hi:
        raise UsageError(f"{name} must lie in {lo}..{hi}, got {v}")
    return v


def _scales_arg(text: str) -> List[int]:
    items = [s.strip() for s in text.split(",")]
    if not items or any(not s for s in items):
        raise UsageError(f"--scales must be a comma-separated list of integers like 2,4,8,16, got {text!r}")
    return [_int_arg(s, "each scale", 1, 1024) for s in items]


def _env(name: str) -> Optional[str]:
    v = os.environ.get(name)
    return v if v else None


def _signing_key(alg: str, args: argparse.Namespace) -> Signer:
    if alg == "none":
        return signer("none")
    if alg == "ed25519":
        seed = args.seed if args.seed is not None else _env("PCS_ED25519_SEED")
        if seed is None:
            raise UsageError("an Ed25519 seed is needed: --seed HEX64 (or PCS_ED25519_SEED)")
        return signer("ed25519", key32(seed, "--seed"))
    secret = args.secret if args.secret is not None else _env("PCS_HMAC_SECRET")
    if secret is None:
        raise UsageError("an HMAC secret is needed: --secret TEXT (or PCS_HMAC_SECRET)")
    return signer(alg, secret)


def _choose_alg(args: argparse.Namespace, default: Optional[str]) -> Optional[str]:
    if args.alg is not None:
        return str(args.alg)
    if getattr(args, "secret", None) is not None:
        return "hmac"
    if getattr(args, "seed", None) is not None:
        return "ed25519"
    return default


def _write_atomically(path: str, text: str) -> None:
    """Writes the whole file or nothing: a temporary file in the same directory, fsynced, then renamed."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(directory))
    except OSError as e:
        raise Failure(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, str(target))
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise Failure(f"cannot write {path}: {e.strerror or e}") from None


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory, not a file") from None
    except PermissionError:
        raise UsageError(f"cannot read {path}: permission denied") from None


def _read_pcs(path: str) -> Pcs:
    try:
        return parse_document(_read_bytes(path))
    except PcsParseError as e:
        raise UsageError(f"{path}: not a valid PCS: {e}") from None


# ------------------------------------------------------------------------------------------------------ commands


def cmd_build(args: argparse.Namespace) -> int:
    epoch = _int_arg(args.epoch, "--epoch", 0, _LONG_MAX)
    seed = _int_arg(args.rng_seed, "--rng-seed", _LONG_MIN, _LONG_MAX)
    scales = _scales_arg(args.scales)
    if not args.shard:
        raise UsageError("--shard must not be empty")
    alg = _choose_alg(args, None)
    key = _signing_key(alg, args) if alg is not None else None
    try:
        trace = read_trace(args.input)
    except FileNotFoundError:
        raise UsageError(f"no such file: {args.input}") from None
    except IsADirectoryError:
        raise UsageError(f"{args.input} is a directory, not a file") from None
    except PermissionError:
        raise UsageError(f"cannot read {args.input}: permission denied") from None
    except FractalLbaError as e:
        raise UsageError(f"{args.input}: {e}") from None
    pcs = build_pcs(trace, shard_id=args.shard, epoch=epoch, scales=scales, seed=seed, signer=key)
    text = to_json(pcs)
    if args.out is None:
        sys.stdout.write(text + "\n")
    else:
        _write_atomically(args.out, text)
        print(f"wrote {args.out} (pcs_id {pcs.pcs_id}, D_hat {pcs.D_hat!r}, regime {pcs.regime})", file=sys.stderr)
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    pcs = _read_pcs(args.input)
    alg = _choose_alg(args, "hmac")
    assert alg is not None
    key = _signing_key(alg, args)
    signed = pcs.with_signature(key.sign(signature_payload(pcs.signed_fields())))
    _write_atomically(args.out if args.out is not None else args.input, to_json(signed))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    pcs = _read_pcs(args.input)
    alg = _choose_alg(args, "hmac")
    if args.public_key is not None and args.alg is None:
        alg = "ed25519"
    assert alg is not None
    if alg == "ed25519":
        if args.public_key is not None:
            material = key32(args.public_key, "--public-key")
        elif args.seed is not None or _env("PCS_ED25519_SEED"):
            material = ed25519_public_key(key32(args.seed or _env("PCS_ED25519_SEED") or "", "--seed"))
        else:
            raise UsageError("an Ed25519 public key is needed: --public-key HEX64 (or --seed)")
    elif alg == "none":
        material = b""
    else:
        secret = args.secret if args.secret is not None else _env("PCS_HMAC_SECRET")
        if secret is None:
            raise UsageError("an HMAC secret is needed: --secret TEXT (or PCS_HMAC_SECRET)")
        material = secret.encode("utf-8")
    ok = verify_signature(pcs, alg, material)
    outcome = decide(pcs)
    if args.json:
        line: Dict[str, Any] = {"file": args.input, "signature": "ok" if ok else "invalid", "alg": alg,
                                "status": outcome.status}
        line.update(outcome.to_dict())
        print(json.dumps(line, separators=(",", ":"), ensure_ascii=False))
    else:
        detail = " (accepted)" if outcome.reason_code is None else f" ({outcome.reason_code}: {outcome.reason})"
        print(f"{args.input}: signature {'OK' if ok else 'INVALID'}; decision: status {outcome.status}{detail}")
    return 0 if ok else 1


def _line(file: str, r: Optional[Response], error: Optional[str] = None, **more: Any) -> str:
    out: Dict[str, Any] = {"file": file, "status": r.status if r else None, "replayed": r.replayed if r else False}
    if r is not None:
        parsed = r.json()
        out["body"] = parsed if parsed is not None or r.body.strip() == b"null" else r.text
    else:
        out["body"] = None
    if error is not None:
        out["error"] = error
    out.update(more)
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False)


def cmd_submit(args: argparse.Namespace) -> int:
    attempts = _int_arg(args.max_attempts, "--max-attempts", 1, 100)
    client = PcsClient(args.url, tenant=args.tenant, key_id=args.key_id,
                       policy=RetryPolicy(DEFAULT_RETRY.base, DEFAULT_RETRY.cap, attempts))
    bodies = [(f, _read_bytes(f)) for f in args.files]  # every file readable before anything is sent
    failed = 0
    if args.outbox is not None:
        try:
            sender = OutboxSender(Outbox(args.outbox), client)
            deliveries = [(str(d.entry.path), d) for d in sender.drain()]  # what a previous run left behind
            for f, body in bodies:
                deliveries.append((f, sender.submit(body)))
        except OSError as e:
            raise Failure(f"outbox {args.outbox}: {e}") from None
        for f, d in deliveries:
            print(_line(f, d.response, d.error, outbox=d.result), flush=True)
            failed += d.result != ACKNOWLEDGED
        return 0 if failed == 0 else 1
    if not bodies:
        raise UsageError("no PCS file given (and no --outbox to drain)")
    for f, body in bodies:
        try:
            r = client.submit(body)
        except SubmitError as e:
            print(_line(f, None, str(e)), flush=True)
            failed += 1
            continue
        print(_line(f, r), flush=True)
        failed += not r.ok
    return 0 if failed == 0 else 1


def cmd_keygen(args: argparse.Namespace) -> int:
    seed = generate_seed()
    public = ed25519_public_key(seed)
    if args.out_seed is not None:
        path = Path(args.out_seed)
        try:
            fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never overwrite a key
        except FileExistsError:
            raise UsageError(f"{path} exists: refusing to overwrite a key file") from None
        except OSError as e:
            raise Failure(f"cannot write {path}: {e.strerror or e}") from None
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(seed.hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        print(f"seed written to {path}", file=sys.stderr)
    else:  # with --out-seed the private seed goes to the file only, never to a terminal or a CI log
        print(f"seed {seed.hex()}")
    print(f"public-key {public.hex()}")
    return 0


# ------------------------------------------------------------------------------------------------------- parser


def _key_options(p: argparse.ArgumentParser, verifying: bool = False) -> None:
    p.add_argument("--alg", type=str.lower, choices=ALGORITHMS, help="hmac, hmac-legacy, ed25519 or none")
    p.add_argument("--secret", help="HMAC secret (or PCS_HMAC_SECRET)")
    p.add_argument("--seed", help="Ed25519 private seed, 64 hex digits or base64 (or PCS_ED25519_SEED)")
    if verifying:
        p.add_argument("--public-key", help="Ed25519 public key, 64 hex digits or base64")


def parser() -> argparse.ArgumentParser:
    root = _Parser(prog="python -m fractal_lba", description="Build, sign, verify and submit PCS documents.")
    root.add_argument("--version", action="version", version=f"fractal-lba {__version__}")
    sub = root.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build", help="compute the signals of a CSV trace and write a PCS")
    b.add_argument("--in", dest="input", required=True, help="CSV trace timestamp,x,y,z with a header line")
    b.add_argument("--out", help="output file (default: standard output)")
    b.add_argument("--shard", default=DEFAULT_SHARD, help=f"shard_id (default {DEFAULT_SHARD})")
    b.add_argument("--epoch", default=str(DEFAULT_EPOCH), help=f"epoch (default {DEFAULT_EPOCH})")
    b.add_argument("--scales", default=",".join(map(str, DEFAULT_SCALES)), help="box-counting scales (2,4,8,16)")
    b.add_argument("--rng-seed", default=str(DEFAULT_SEED), help=f"seed of the coh* directions ({DEFAULT_SEED})")
    _key_options(b)
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("sign", help="(re)sign a PCS file")
    s.add_argument("--in", dest="input", required=True)
    s.add_argument("--out", help="output file (default: overwrite --in)")
    _key_options(s)
    s.set_defaults(run=cmd_sign)

    v = sub.add_parser("verify", help="check a PCS offline: signature and the verifier's decision")
    v.add_argument("--in", dest="input", required=True)
    v.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    _key_options(v, verifying=True)
    v.set_defaults(run=cmd_verify)

    u = sub.add_parser("submit", help="POST PCS files to a verifier (one JSON line per file)")
    u.add_argument("--url", required=True, help="verifier base URL, e.g. http://127.0.0.1:8080")
    u.add_argument("--tenant", help="X-Tenant-Id")
    u.add_argument("--key-id", help="X-Key-Id")
    u.add_argument("--outbox", help="durable outbox directory (fsynced before sending, resent on the next run)")
    u.add_argument("--max-attempts", default=str(DEFAULT_RETRY.max_attempts),
                   help=f"attempts per file on connection errors, 429 and 5xx (default {DEFAULT_RETRY.max_attempts})")
    u.add_argument("files", nargs="*", help="PCS files")
    u.set_defaults(run=cmd_submit)

    k = sub.add_parser("keygen", help="generate an Ed25519 key pair (hex)")
    k.add_argument("--out-seed", help="also write the seed (hex) to this new file, mode 0600")
    k.set_defaults(run=cmd_keygen)
    return root


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        args = parser().parse_args(argv)
        return int(args.run(args))
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Failure as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except MissingDependencyError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except FractalLbaError as e:  # trace, key material, build parameters: the input is at fault
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ValueError as e:  # e.g. a malformed --url
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # the promise is one line, never a stack trace; the type name helps a bug report
        print(f"error: unexpected {type(e).__name__}: {e}", file=sys.stderr)
        return 1
