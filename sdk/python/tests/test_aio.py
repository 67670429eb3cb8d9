"""The asyncio client (HTTP/1.1 over asyncio streams) against the same local server."""

import asyncio
import random
import unittest
from typing import List

from _support import ScriptedServer, free_port, golden_path, json_answer

from fractal_lba.aio import AsyncPcsClient
from fractal_lba.errors import SubmitError
from fractal_lba.retry import RetryPolicy

BODY = golden_path("pcs_tiny_case_2.json").read_bytes()
OK = json_answer(200, {"accepted": True, "escalated": False})


class AsyncClientTest(unittest.TestCase):
    def run_submit(self, url: str, waits: List[float], **kw):
        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        async def go():
            return await AsyncPcsClient(url, sleep=sleep, rng=random.Random(5), **kw).submit(BODY)

        return asyncio.run(go())

    def test_429_retry_after_then_200(self) -> None:
        waits: List[float] = []
        with ScriptedServer([json_answer(429, {}, {"Retry-After": "2"}), OK]) as srv:
            r = self.run_submit(srv.url, waits, tenant="acme", key_id="k1")
        self.assertEqual((r.status, r.attempts, waits), (200, 2, [2.0]))
        self.assertEqual(r.json(), {"accepted": True, "escalated": False})
        req = srv.requests[-1]
        self.assertEqual(req.body, BODY)
        self.assertEqual((req.headers["x-tenant-id"], req.headers["x-key-id"]), ("acme", "k1"))
        self.assertEqual(req.headers["content-type"], "application/json")

    def test_401_is_final(self) -> None:
        waits: List[float] = []
        with ScriptedServer([json_answer(401, {"title": "bad signature"}), OK]) as srv:
            r = self.run_submit(srv.url, waits)
        self.assertEqual((r.status, len(srv.requests), waits), (401, 1, []))

    def test_503_backoff_then_chunked_200(self) -> None:
        waits: List[float] = []
        with ScriptedServer([json_answer(503, {}), OK], chunked=True) as srv:
            r = self.run_submit(srv.url, waits)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["accepted"], True)
        self.assertEqual(len(waits), 1)
        self.assertLessEqual(waits[0], 0.2)

    def test_replayed_header(self) -> None:
        with ScriptedServer([(202, {"Idempotent-Replayed": "true"}, b'{"accepted":true}')]) as srv:
            r = self.run_submit(srv.url, [])
        self.assertTrue(r.replayed)
        self.assertTrue(r.ok)

    def test_connection_refused_is_retried(self) -> None:
        port = free_port()
        servers: List[ScriptedServer] = []

        async def sleep(seconds: float) -> None:
            if not servers:
                servers.append(ScriptedServer([OK], port=port))

        async def go():
            return await AsyncPcsClient(f"http://127.0.0.1:{port}", sleep=sleep).submit(BODY)

        try:
            r = asyncio.run(go())
            self.assertEqual((r.status, r.attempts), (200, 2))
        finally:
            for s in servers:
                s.close()

    def test_no_answer_raises(self) -> None:
        waits: List[float] = []
        with self.assertRaises(SubmitError):
            self.run_submit(f"http://127.0.0.1:{free_port()}", waits, policy=RetryPolicy(max_attempts=3))
        self.assertEqual(len(waits), 2)


if __name__ == "__main__":
    unittest.main()
