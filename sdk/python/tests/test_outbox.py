"""The durable outbox: fsynced before the first send, survives a crash, dead letters with a reason."""

import os
import random
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from typing import List

from _support import SRC, ScriptedServer, free_port, golden_path, json_answer

from fractal_lba.client import PcsClient
from fractal_lba.outbox import ACKNOWLEDGED, DEAD_LETTER, PENDING, Outbox, OutboxSender
from fractal_lba.retry import RetryPolicy

BODY = golden_path("pcs_tiny_case_1.json").read_bytes()
OK = json_answer(200, {"accepted": True, "escalated": False})


def quiet_client(url: str, attempts: int = 8) -> PcsClient:
    return PcsClient(url, sleep=lambda s: None, rng=random.Random(0), policy=RetryPolicy(max_attempts=attempts))


class OutboxTest(unittest.TestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self._tmp.name) / "outbox"

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def test_entry_is_on_disk_before_the_first_byte_is_sent(self) -> None:
        outbox = Outbox(self.dir)
        with ScriptedServer([OK], on_request=lambda: [p.read_bytes() for p in sorted(self.dir.glob("*.pcs"))]) as srv:
            d = OutboxSender(outbox, quiet_client(srv.url)).submit(BODY)
        self.assertEqual(srv.requests[0].extra, [BODY])  # what the server saw was already durable
        self.assertEqual(d.result, ACKNOWLEDGED)
        self.assertEqual(outbox.pending(), [])  # acknowledged entries are removed
        self.assertEqual(list(self.dir.glob("*.tmp")), [])

    def test_crash_before_send_is_resent_by_the_next_run(self) -> None:
        # A child process makes the entry durable, then dies (no cleanup, no send) as a killed agent would.
        script = textwrap.dedent(f"""
            import os, sys
            sys.path.insert(0, {str(SRC)!r})
            from fractal_lba.outbox import Outbox
            Outbox({str(self.dir)!r}).append(open({str(golden_path("pcs_tiny_case_1.json"))!r}, "rb").read())
            os._exit(137)
        """)
        self.assertEqual(subprocess.run([sys.executable, "-c", script]).returncode, 137)
        survivors = Outbox(self.dir).pending()
        self.assertEqual(len(survivors), 1)
        self.assertEqual(survivors[0].body, BODY)
        with ScriptedServer([OK]) as srv:
            deliveries = OutboxSender(Outbox(self.dir), quiet_client(srv.url)).drain()
        self.assertEqual([d.result for d in deliveries], [ACKNOWLEDGED])
        self.assertEqual(srv.requests[0].body, BODY)
        self.assertEqual(Outbox(self.dir).pending(), [])

    def test_400_goes_to_dead_with_a_reason(self) -> None:
        problem = json_answer(400, {"type": "urn:problem:wrong-type", "detail": "field 'epoch' must be an integer"})
        outbox = Outbox(self.dir)
        with ScriptedServer([problem]) as srv:
            d = OutboxSender(outbox, quiet_client(srv.url)).submit(b'{"epoch":1.0}')
        self.assertEqual(d.result, DEAD_LETTER)
        self.assertEqual(len(srv.requests), 1)
        dead = outbox.dead_letters()
        self.assertEqual(len(dead), 1)
        self.assertEqual(dead[0].read_bytes(), b'{"epoch":1.0}')
        reason = (dead[0].parent / (dead[0].name + ".reason")).read_text()
        self.assertTrue(reason.startswith("HTTP 400: "), reason)
        self.assertIn("must be an integer", reason)
        self.assertEqual(outbox.pending(), [])

    def test_unanswered_entries_stay_pending(self) -> None:
        outbox = Outbox(self.dir)
        d = OutboxSender(outbox, quiet_client(f"http://127.0.0.1:{free_port()}", attempts=2)).submit(BODY)
        self.assertEqual(d.result, PENDING)
        self.assertIn("no answer", d.error or "")
        with ScriptedServer([json_answer(429, {}, {"Retry-After": "0"})]) as srv:
            d2 = OutboxSender(outbox, quiet_client(srv.url, attempts=2)).submit(BODY)
        self.assertEqual(d2.result, PENDING)
        self.assertEqual(len(outbox.pending()), 2)
        self.assertEqual(outbox.dead_letters(), [])

    def test_sequence_numbers_never_reuse_a_dead_letter_name(self) -> None:
        outbox = Outbox(self.dir)
        first = outbox.append(b"a")
        outbox.dead_letter(first, "test")
        again = Outbox(self.dir).append(b"b")
        self.assertGreater(again.seq, first.seq)
        self.assertEqual(again.path.name, f"{again.seq:020d}.pcs")
        self.assertEqual(oct(os.stat(again.path).st_mode & 0o777), oct(0o600))

    def test_pending_is_oldest_first(self) -> None:
        outbox = Outbox(self.dir)
        bodies: List[bytes] = [b"1", b"2", b"3"]
        for b in bodies:
            outbox.append(b)
        self.assertEqual([e.body for e in Outbox(self.dir).pending()], bodies)


if __name__ == "__main__":
    unittest.main()
