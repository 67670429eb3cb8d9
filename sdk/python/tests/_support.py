"""Shared test helpers: the golden vectors (read from the repository, never copied) and a scripted HTTP server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

SDK_DIR = Path(__file__).resolve().parent.parent
SRC = SDK_DIR / "src"
GOLDEN = (SDK_DIR / ".." / ".." / "contract" / "golden").resolve()

RFC8032_SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC_HEX = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


def golden(name: str) -> Any:
    with open(GOLDEN / name, encoding="utf-8") as f:
        return json.load(f)


def golden_path(name: str) -> Path:
    return GOLDEN / name


def has_cryptography() -> bool:
    try:
        import cryptography.hazmat.primitives.asymmetric.ed25519  # noqa: F401
    except ImportError:
        return False
    return True


# One scripted answer: (status, headers, body). A callable gets the request and returns such a tuple.
Answer = Tuple[int, Dict[str, str], bytes]


class Recorded:
    def __init__(self, method: str, path: str, headers: Dict[str, str], body: bytes, extra: Any = None) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.extra = extra


class ScriptedServer:
    """An HTTP/1.1 server on 127.0.0.1, port 0 by default, answering from a script (the last answer repeats)."""

    def __init__(self, answers: Sequence[Any], port: int = 0, on_request: Optional[Callable[[], Any]] = None,
                 chunked: bool = False) -> None:
        self.answers = list(answers)
        self.requests: List[Recorded] = []
        self._on_request = on_request
        self._chunked = chunked
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt: str, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                extra = outer._on_request() if outer._on_request else None
                rec = Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body, extra)
                with outer._lock:
                    outer.requests.append(rec)
                    i = min(len(outer.requests) - 1, len(outer.answers) - 1)
                    answer = outer.answers[i]
                status, headers, payload = answer(rec) if callable(answer) else answer
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if outer._chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    half = len(payload) // 2
                    for piece in (payload[:half], payload[half:]):
                        if piece:
                            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)

        ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "ScriptedServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def json_answer(status: int, obj: Any, headers: Optional[Dict[str, str]] = None) -> Answer:
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    return status, h, json.dumps(obj).encode()


def free_port() -> int:
    """A port nothing listens on (bound then released), for connection-refused tests."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_cli(args: Sequence[str], cwd: Optional[Path] = None, extra_path: Optional[Path] = None,
            env: Optional[Dict[str, str]] = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Runs ``python -m fractal_lba`` as an agent would, with this SDK's sources on PYTHONPATH."""
    e = dict(os.environ)
    e.pop("PCS_HMAC_SECRET", None)
    e.pop("PCS_ED25519_SEED", None)
    paths = ([str(extra_path)] if extra_path else []) + [str(SRC)]
    e["PYTHONPATH"] = os.pathsep.join(paths)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "fractal_lba", *args], cwd=str(cwd) if cwd else None, env=e,
                          capture_output=True, text=True, timeout=timeout)
