"""The sync client against a local http.server on an ephemeral port: retries, Retry-After, backoff, final answers."""

import random
import unittest
from typing import List

from _support import ScriptedServer, free_port, golden_path, json_answer

from fractal_lba.client import PcsClient
from fractal_lba.errors import SubmitError
from fractal_lba.retry import RetryPolicy, retry_after_seconds

BODY = golden_path("pcs_tiny_case_1.json").read_bytes()
OK = json_answer(200, {"accepted": True, "escalated": False, "pcs_id": "x"})


class Sleeps:
    """Records the waits instead of spending them."""

    def __init__(self) -> None:
        self.waits: List[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class ClientTest(unittest.TestCase):
    def client(self, url: str, sleeps: Sleeps, **kw) -> PcsClient:
        return PcsClient(url, sleep=sleeps, rng=random.Random(7), **kw)

    def test_429_with_retry_after_then_200(self) -> None:
        sleeps = Sleeps()
        with ScriptedServer([json_answer(429, {"title": "slow down"}, {"Retry-After": "3"}), OK]) as srv:
            r = self.client(srv.url, sleeps, tenant="acme").submit(BODY)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.attempts, 2)
        self.assertEqual(sleeps.waits, [3.0])  # Retry-After is the wait, not the backoff
        self.assertEqual(len(srv.requests), 2)
        for req in srv.requests:
            self.assertEqual(req.path, "/v1/pcs/submit")
            self.assertEqual(req.body, BODY)  # the very same bytes each time
            self.assertEqual(req.headers["x-tenant-id"], "acme")
            self.assertEqual(req.headers["content-type"], "application/json")
        self.assertEqual(r.json()["accepted"], True)

    def test_503_without_retry_after_backs_off_with_full_jitter(self) -> None:
        sleeps = Sleeps()
        unavailable = json_answer(503, {"title": "unavailable"})
        with ScriptedServer([unavailable, unavailable, unavailable, OK]) as srv:
            r = self.client(srv.url, sleeps).submit(BODY)
        self.assertEqual(r.status, 200)
        self.assertEqual(len(sleeps.waits), 3)
        for i, w in enumerate(sleeps.waits):
            self.assertGreaterEqual(w, 0.0)
            self.assertLessEqual(w, 0.2 * 2**i)
        self.assertNotIn("x-tenant-id", srv.requests[0].headers)  # no tenant given, no header

    def test_503_with_retry_after(self) -> None:
        sleeps = Sleeps()
        with ScriptedServer([json_answer(503, {}, {"Retry-After": "0"}), OK]) as srv:
            self.assertEqual(self.client(srv.url, sleeps).submit(BODY).status, 200)
        self.assertEqual(sleeps.waits, [0.0])

    def test_401_and_400_are_not_retried(self) -> None:
        for status in (401, 400, 413):
            with self.subTest(status):
                sleeps = Sleeps()
                with ScriptedServer([json_answer(status, {"title": "no"}), OK]) as srv:
                    r = self.client(srv.url, sleeps).submit(BODY)
                self.assertEqual(r.status, status)
                self.assertEqual(len(srv.requests), 1)
                self.assertEqual(sleeps.waits, [])
                self.assertEqual(r.json(), {"title": "no"})

    def test_connection_refused_is_retried(self) -> None:
        port = free_port()
        servers: List[ScriptedServer] = []

        def sleep_then_start(seconds: float) -> None:
            if not servers:  # the verifier comes up while the client waits
                servers.append(ScriptedServer([OK], port=port))

        try:
            r = PcsClient(f"http://127.0.0.1:{port}", sleep=sleep_then_start, rng=random.Random(1)).submit(BODY)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.attempts, 2)
            self.assertEqual(servers[0].requests[0].body, BODY)
        finally:
            for s in servers:
                s.close()

    def test_no_answer_at_all_raises_after_eight_attempts(self) -> None:
        sleeps = Sleeps()
        with self.assertRaises(SubmitError) as cm:
            self.client(f"http://127.0.0.1:{free_port()}", sleeps).submit(BODY)
        self.assertEqual(cm.exception.attempts, 8)
        self.assertEqual(len(sleeps.waits), 7)  # no wait after the last attempt
        self.assertIn("after 8 attempts", str(cm.exception))

    def test_persistent_5xx_returns_the_last_answer(self) -> None:
        sleeps = Sleeps()
        with ScriptedServer([json_answer(500, {"title": "boom"})]) as srv:
            r = self.client(srv.url, sleeps, policy=RetryPolicy(max_attempts=3)).submit(BODY)
        self.assertEqual((r.status, r.attempts, len(srv.requests), len(sleeps.waits)), (500, 3, 3, 2))

    def test_replayed_duplicate(self) -> None:
        with ScriptedServer([OK, (200, {"Idempotent-Replayed": "true"}, OK[2])]) as srv:
            c = self.client(srv.url, Sleeps())
            self.assertFalse(c.submit(BODY).replayed)
            again = c.submit(BODY)
        self.assertTrue(again.replayed)
        self.assertEqual(again.body, OK[2])

    def test_url_handling(self) -> None:
        self.assertEqual(PcsClient("http://h:1/").url, "http://h:1/v1/pcs/submit")
        self.assertEqual(PcsClient("https://h/base").url, "https://h/base/v1/pcs/submit")
        with self.assertRaises(ValueError):
            PcsClient("h:1")


class BackoffTest(unittest.TestCase):
    def test_full_jitter_ceilings_and_cap(self) -> None:
        p = RetryPolicy()
        rng = random.Random(3)
        for attempt in range(12):
            ceiling = min(30.0, 0.2 * 2**attempt)
            waits = [p.backoff(attempt, rng) for _ in range(200)]
            self.assertTrue(all(0.0 <= w <= ceiling for w in waits))
            self.assertGreater(max(waits), ceiling * 0.8)  # uses the whole range

    def test_retry_after_forms(self) -> None:
        self.assertEqual(retry_after_seconds("7"), 7.0)
        self.assertEqual(retry_after_seconds(" 0 "), 0.0)
        self.assertIsNone(retry_after_seconds("soon"))
        self.assertIsNone(retry_after_seconds(None))
        self.assertEqual(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0), 10.0)


if __name__ == "__main__":
    unittest.main()
