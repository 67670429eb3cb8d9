"""Asynchronous submission client: HTTP/1.1 over ``asyncio.open_connection`` (no thread, no third-party library).

One connection per attempt (``Connection: close``), so a retry never reuses a connection a failure left in an
unknown state. Same retry rules as the sync client (:mod:`fractal_lba.retry`).
"""

from __future__ import annotations

import asyncio
import random
import ssl
import urllib.parse
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple, Union

from .errors import SubmitError
from .retry import (
    DEFAULT_RETRY,
    Response,
    RetryPolicy,
    body_bytes,
    is_permanent,
    is_retryable,
    request_headers,
    submit_url,
    wait_before_retry,
)

__all__ = ["AsyncPcsClient", "submit", "HttpProtocolError"]

_MAX_HEADER_LINES = 200
_MAX_BODY = 16 * 1024 * 1024


class HttpProtocolError(ConnectionError):
    """The server's answer was not readable HTTP/1.x (treated like a transport failure: retried)."""


async def _read_line(reader: asyncio.StreamReader) -> bytes:
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as e:
        raise HttpProtocolError("connection closed in the middle of the response head") from e
    except asyncio.LimitOverrunError as e:
        raise HttpProtocolError("response header line too long") from e
    return line.rstrip(b"\r\n")


async def _read_head(reader: asyncio.StreamReader) -> Tuple[int, Dict[str, str]]:
    while True:
        status_line = (await _read_line(reader)).decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit() or len(parts[1]) != 3:
            raise HttpProtocolError(f"not an HTTP/1.x status line: {status_line[:80]!r}")
        status = int(parts[1])
        headers: Dict[str, str] = {}
        for _ in range(_MAX_HEADER_LINES):
            line = (await _read_line(reader)).decode("latin-1")
            if not line:
                break
            name, sep, value = line.partition(":")
            if not sep:
                raise HttpProtocolError(f"malformed header line: {line[:80]!r}")
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        else:
            raise HttpProtocolError("too many header lines")
        if 100 <= status < 200 and status != 101:
            continue  # an interim answer (100 Continue): the real one follows
        return status, headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    out: List[bytes] = []
    total = 0
    while True:
        size_line = (await _read_line(reader)).decode("latin-1").split(";", 1)[0].strip()
        try:
            size = int(size_line, 16)
        except ValueError:
            raise HttpProtocolError(f"bad chunk size {size_line[:20]!r}") from None
        if size == 0:
            while await _read_line(reader):  # trailers, up to the blank line
                pass
            return b"".join(out)
        total += size
        if total > _MAX_BODY:
            raise HttpProtocolError("response body too large")
        try:
            out.append(await reader.readexactly(size))
        except asyncio.IncompleteReadError as e:
            raise HttpProtocolError("connection closed in the middle of a chunk") from e
        await _read_line(reader)


async def _read_body(reader: asyncio.StreamReader, status: int, headers: Dict[str, str]) -> bytes:
    if status in (204, 304):
        return b""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader)
    length = headers.get("content-length")
    if length is not None:
        try:
            n = int(length.split(",")[0].strip())
        except ValueError:
            raise HttpProtocolError(f"bad Content-Length {length!r}") from None
        if n < 0 or n > _MAX_BODY:
            raise HttpProtocolError(f"unacceptable Content-Length {n}")
        try:
            return await reader.readexactly(n)
        except asyncio.IncompleteReadError as e:
            raise HttpProtocolError("connection closed before the whole body arrived") from e
    chunks: List[bytes] = []  # no length: the body ends with the connection
    total = 0
    while True:
        piece = await reader.read(65536)
        if not piece:
            return b"".join(chunks)
        total += len(piece)
        if total > _MAX_BODY:
            raise HttpProtocolError("response body too large")
        chunks.append(piece)


class AsyncPcsClient:
    """``await AsyncPcsClient(url, tenant="acme").submit(pcs_bytes)``."""

    def __init__(
        self,
        url: str,
        tenant: Optional[str] = None,
        key_id: Optional[str] = None,
        policy: RetryPolicy = DEFAULT_RETRY,
        timeout: float = 30.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: Optional[random.Random] = None,
        ssl_context: Optional[ssl.SSLContext] = None,
    ) -> None:
        self.url = submit_url(url)
        parts = urllib.parse.urlsplit(self.url)
        self._https = parts.scheme.lower() == "https"
        if not parts.hostname:
            raise ValueError(f"no host in {url!r}")
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._path = parts.path + (f"?{parts.query}" if parts.query else "")
        host_header = f"[{self._host}]" if ":" in self._host else self._host
        default_port = 443 if self._https else 80
        self._host_header = host_header if self._port == default_port else f"{host_header}:{self._port}"
        self._ssl = (ssl_context or ssl.create_default_context()) if self._https else None
        self.tenant = tenant
        self.key_id = key_id
        self.policy = policy
        self.timeout = timeout
        self._sleep = sleep
        self._rng = rng if rng is not None else random.SystemRandom()

    def _request(self, data: bytes) -> bytes:
        headers = request_headers(self.tenant, self.key_id, len(data))
        headers["Host"] = self._host_header
        headers["Connection"] = "close"
        for name, value in headers.items():
            if "\r" in value or "\n" in value:
                raise ValueError(f"header {name} contains a line break")
        head = f"POST {self._path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        return head.encode("latin-1") + data

    async def _exchange(self, data: bytes) -> Response:
        reader, writer = await asyncio.open_connection(self._host, self._port, ssl=self._ssl)
        try:
            writer.write(self._request(data))
            await writer.drain()
            status, headers = await _read_head(reader)
            body = await _read_body(reader, status, headers)
            return Response(status, headers, body, url=self.url)
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except (OSError, ssl.SSLError):
                pass

    async def send_once(self, body: Union[bytes, str, Any]) -> Response:
        """One attempt; transport failures raise ``OSError`` (timeouts as ``TimeoutError``)."""
        data = body_bytes(body)
        try:
            return await asyncio.wait_for(self._exchange(data), self.timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"{self.url}: no answer within {self.timeout} s") from None

    async def submit(self, body: Union[bytes, str, Any]) -> Response:
        """Sends with retries; returns the final answer, or raises :class:`SubmitError` when none came."""
        data = body_bytes(body)
        last_error = "no attempt"
        for attempt in range(self.policy.max_attempts):
            try:
                r = await self.send_once(data)
            except OSError as e:
                if is_permanent(e):
                    raise
                last_error = str(e) or type(e).__name__
                if attempt + 1 < self.policy.max_attempts:
                    await self._sleep(wait_before_retry(None, {}, attempt, self.policy, self._rng))
                continue
            if not is_retryable(r.status) or attempt + 1 >= self.policy.max_attempts:
                return Response(r.status, r.headers, r.body, attempt + 1, r.url)
            await self._sleep(wait_before_retry(r.status, r.headers, attempt, self.policy, self._rng))
        raise SubmitError(f"no answer from {self.url} after {self.policy.max_attempts} attempts: {last_error}",
                          self.policy.max_attempts)


async def submit(url: str, body: Union[bytes, str, Any], tenant: Optional[str] = None, **kwargs: Any) -> Response:
    """One-call async submission."""
    return await AsyncPcsClient(url, tenant=tenant, **kwargs).submit(body)
