"""The retry rules shared by the sync and async clients (docs/contract.md §5–6).

Resending is safe: the verifier deduplicates by (tenant, pcs_id) and replays the first answer. So connection errors,
429, 503 and other 5xx are retried with full-jitter exponential backoff (base 200 ms, cap 30 s, at most 8 attempts),
``Retry-After`` (seconds or an HTTP date) on 429/503 is the wait, and other 4xx are final.
"""

from __future__ import annotations

import email.utils
import json
import random
import ssl
import time
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Union

__all__ = ["RetryPolicy", "DEFAULT_RETRY", "Response", "is_retryable", "is_permanent", "retry_after_seconds", "wait_before_retry",
           "submit_url", "body_bytes", "request_headers", "USER_AGENT"]

USER_AGENT = "fractal-lba-python/0.1.0"


@dataclass(frozen=True)
class RetryPolicy:
    """Full jitter: the wait before retry n (0-based) is uniform in [0, min(cap, base·2^n)] seconds."""

    base: float = 0.2
    cap: float = 30.0
    max_attempts: int = 8

    def backoff(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * (2 ** min(attempt, 30)))
        return rng.uniform(0.0, ceiling)


DEFAULT_RETRY = RetryPolicy()


@dataclass(frozen=True)
class Response:
    """An HTTP answer: status, headers (names lowercased), the raw body and how many attempts it took."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    attempts: int = 1
    url: str = ""

    @property
    def replayed(self) -> bool:
        """True when the verifier answered a duplicate with the first answer (``Idempotent-Replayed: true``)."""
        return self.headers.get("idempotent-replayed", "").strip().lower() == "true"

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def ok(self) -> bool:
        """200 or 202: the submission is durable at the verifier and its outcome recorded."""
        return self.status in (200, 202)


def is_retryable(status: int) -> bool:
    """429 and every 5xx are worth another attempt; everything else is the final answer."""
    return status == 429 or 500 <= status <= 599


def is_permanent(error: BaseException) -> bool:
    """A transport failure that another attempt cannot cure: the server's TLS certificate does not verify."""
    e: Optional[BaseException] = error
    for _ in range(4):  # the error itself, then what it wraps (urllib's URLError.reason, raise ... from)
        if isinstance(e, ssl.SSLCertVerificationError):
            return True
        if e is None:
            return False
        nxt = e.__cause__ or getattr(e, "reason", None)
        e = nxt if isinstance(nxt, BaseException) else None
    return False


def retry_after_seconds(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """``Retry-After`` as seconds to wait (delta-seconds or an HTTP date), None when absent or unreadable."""
    if value is None:
        return None
    v = value.strip()
    if v.isdigit():
        return float(int(v))
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def wait_before_retry(status: Optional[int], headers: Mapping[str, str], attempt: int, policy: RetryPolicy,
                      rng: random.Random) -> float:
    """Seconds to wait after ``attempt`` (0-based) failed with ``status`` (None for a transport error)."""
    if status in (429, 503):
        ra = retry_after_seconds(headers.get("retry-after"))
        if ra is not None:
            return ra
    return policy.backoff(attempt, rng)


def submit_url(base_url: str) -> str:
    """``{url}/v1/pcs/submit`` (a trailing slash on the base URL is tolerated)."""
    if not isinstance(base_url, str) or not base_url.lower().startswith(("http://", "https://")):
        raise ValueError(f"the verifier URL must be absolute, like http://127.0.0.1:8080, got {base_url!r}")
    return base_url.rstrip("/") + "/v1/pcs/submit"


def body_bytes(body: Union[bytes, bytearray, str, Any]) -> bytes:
    """The request body: bytes as given (resending must send the very same bytes), text as UTF-8, or a Pcs."""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    from .document import Pcs, to_bytes

    if isinstance(body, Pcs):
        return to_bytes(body)
    raise TypeError(f"cannot submit a {type(body).__name__}: give bytes, str or a Pcs")


def request_headers(tenant: Optional[str], key_id: Optional[str], length: int) -> Dict[str, str]:
    h = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": USER_AGENT,
         "Content-Length": str(length)}
    if tenant is not None:
        h["X-Tenant-Id"] = tenant
    if key_id is not None:
        h["X-Key-Id"] = key_id
    return h
