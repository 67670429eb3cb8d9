"""Synchronous submission client on ``urllib.request`` (standard library only), with the retry rules of
:mod:`fractal_lba.retry`."""

from __future__ import annotations

import http.client
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Optional, Union

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

__all__ = ["PcsClient", "submit"]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST would turn into a GET without the body; a 3xx is handed back as the answer instead.
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        return None


def _opener(url: str) -> urllib.request.OpenerDirector:
    host = urllib.parse.urlsplit(url).hostname or ""
    # Environment proxies apply to remote verifiers; loopback never goes through one (tests, sidecars).
    proxies = urllib.request.ProxyHandler({}) if host in _LOOPBACK else urllib.request.ProxyHandler()
    return urllib.request.build_opener(proxies, _NoRedirect())


def _headers(msg: Any) -> Dict[str, str]:
    out: Dict[str, str] = {}
    if msg is not None:
        for k, v in msg.items():
            out[k.lower()] = v
    return out


class PcsClient:
    """POSTs PCS bodies to ``{url}/v1/pcs/submit``.

    ``sleep`` and ``rng`` are parameters so tests (and agents with their own schedulers) can observe the waits.
    """

    def __init__(
        self,
        url: str,
        tenant: Optional[str] = None,
        key_id: Optional[str] = None,
        policy: RetryPolicy = DEFAULT_RETRY,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        rng: Optional[random.Random] = None,
    ) -> None:
        self.url = submit_url(url)
        self.tenant = tenant
        self.key_id = key_id
        self.policy = policy
        self.timeout = timeout
        self._sleep = sleep
        self._rng = rng if rng is not None else random.SystemRandom()
        self._opener = _opener(self.url)

    def send_once(self, body: Union[bytes, str, Any]) -> Response:
        """One attempt. Any HTTP status is a :class:`Response`; transport failures raise ``OSError``."""
        data = body_bytes(body)
        req = urllib.request.Request(self.url, data=data, method="POST",
                                     headers=request_headers(self.tenant, self.key_id, len(data)))
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                return Response(r.status, _headers(r.headers), r.read(), url=self.url)
        except urllib.error.HTTPError as e:  # 4xx/5xx (and 3xx, not followed) are answers, not failures
            try:
                payload = e.read()
            except (OSError, http.client.HTTPException):
                payload = b""
            return Response(e.code, _headers(e.headers), payload, url=self.url)
        except urllib.error.URLError as e:
            reason = e.reason
            raise ConnectionError(f"{self.url}: {reason}") from (reason if isinstance(reason, BaseException) else e)
        except http.client.HTTPException as e:
            raise ConnectionError(f"{self.url}: {type(e).__name__}: {e}") from e

    def submit(self, body: Union[bytes, str, Any]) -> Response:
        """Sends with retries; returns the final answer (possibly a 429/5xx after the last attempt).

        Raises :class:`SubmitError` when no attempt got any HTTP answer.
        """
        data = body_bytes(body)  # the very same bytes on every attempt
        last_error = "no attempt"
        for attempt in range(self.policy.max_attempts):
            try:
                r = self.send_once(data)
            except OSError as e:
                if is_permanent(e):
                    raise
                last_error = str(e) or type(e).__name__
                if attempt + 1 < self.policy.max_attempts:
                    self._sleep(wait_before_retry(None, {}, attempt, self.policy, self._rng))
                continue
            if not is_retryable(r.status) or attempt + 1 >= self.policy.max_attempts:
                return Response(r.status, r.headers, r.body, attempt + 1, r.url)
            self._sleep(wait_before_retry(r.status, r.headers, attempt, self.policy, self._rng))
        raise SubmitError(f"no answer from {self.url} after {self.policy.max_attempts} attempts: {last_error}",
                          self.policy.max_attempts)


def submit(url: str, body: Union[bytes, str, Any], tenant: Optional[str] = None, **kwargs: Any) -> Response:
    """One-call submission: ``submit("http://127.0.0.1:8080", pcs_bytes, tenant="acme")``."""
    return PcsClient(url, tenant=tenant, **kwargs).submit(body)
