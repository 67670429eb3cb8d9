"""``python -m fractal_lba`` end to end through subprocess: outputs, exit codes, refusals that write nothing."""

import json
import os
import shutil
import tempfile
import unittest
from pathlib import Path
from fractal_lba.signing import ed25519_public_key

from _support import (
    RFC8032_PUBLIC_HEX,
    RFC8032_SEED_HEX,
    ScriptedServer,
    free_port,
    golden,
    golden_path,
    has_cryptography,
    json_answer,
    run_cli,
)

VECTORS = golden("pcs-build-vectors.json")
TRACE = str(golden_path("agent-csv/tiny_case_1.csv"))


class CliTest(unittest.TestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def assert_usage_error(self, r, fragment: str) -> None:
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(fragment, r.stderr)
        self.assertNotIn("Traceback", r.stderr)

    # ------------------------------------------------------------------------------------------------- build

    def test_build_reproduces_every_vector_byte_for_byte(self) -> None:
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                if case["alg"] == "ed25519" and not has_cryptography():
                    self.skipTest("cryptography is not installed")
                key = (["--secret", VECTORS["hmac_secret"]] if case["alg"].startswith("hmac")
                       else ["--seed", VECTORS["ed25519_seed_hex"]])
                out = self.tmp / f"{case['name']}.json"
                r = run_cli(["build", "--in", str(golden_path(case["trace"])), "--out", str(out),
                             "--shard", case["shard_id"], "--epoch", case["epoch"], "--rng-seed", case["seed"],
                             "--scales", ",".join(map(str, case["scales"])), "--alg", case["alg"], *key])
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(out.read_bytes(), case["expected_pcs"].encode())
                self.assertIn("wrote", r.stderr)

    def test_build_defaults_to_stdout_unsigned(self) -> None:
        r = run_cli(["build", "--in", TRACE])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual((doc["shard_id"], doc["epoch"], doc["seed"], doc["scales"], doc["sig"]),
                         ("shard-0", 1, 42, [2, 4, 8, 16], ""))

    def test_build_refusals_write_nothing(self) -> None:
        bad_trace = self.tmp / "bad.csv"
        bad_trace.write_text("timestamp,x,y,z\n0,0.1,0.2,0.3\n1,0.2,NaN,0.4\n")
        garbage = self.tmp / "garbage.csv"
        garbage.write_text("timestamp,x,y,z\n0,0.1,0.2\n")
        out = self.tmp / "out.json"
        cases = [
            (["--in", str(bad_trace)], "line 3, column 3"),
            (["--in", str(garbage)], "line 2"),
            (["--in", TRACE, "--epoch", "1.5"], "--epoch must be an integer"),
            (["--in", TRACE, "--epoch", "-1"], "--epoch must lie in 0.."),
            (["--in", TRACE, "--epoch", "9223372036854775808"], "--epoch must lie in"),
            (["--in", TRACE, "--scales", "2,x"], "each scale must be an integer"),
            (["--in", TRACE, "--scales", "2,4096"], "each scale must lie in 1..1024"),
            (["--in", TRACE, "--scales", "2,4,4"], "distinct"),
            (["--in", TRACE, "--scales", "4"], "at least 2 scales"),
            (["--in", TRACE, "--shard", ""], "--shard must not be empty"),
            (["--in", TRACE, "--alg", "ed25519", "--seed", RFC8032_SEED_HEX[:-2]], "32 bytes"),
            (["--in", TRACE, "--alg", "hmac"], "HMAC secret is needed"),
            (["--in", TRACE, "--alg", "rsa", "--secret", "s"], "invalid choice"),
            (["--in", str(self.tmp / "missing.csv")], "no such file"),
            ([], "--in"),
        ]
        for args, fragment in cases:
            with self.subTest(args):
                r = run_cli(["build", *args, "--out", str(out)])
                self.assert_usage_error(r, fragment)
                self.assertFalse(out.exists())
                self.assertEqual(r.stdout, "")

    def test_build_negative_rng_seed(self) -> None:
        r = run_cli(["build", "--in", TRACE, "--rng-seed", "-1234567890123", "--secret", "s"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["seed"], -1234567890123)

    # ------------------------------------------------------------------------------------------- sign/verify

    def test_sign_then_verify(self) -> None:
        src = self.tmp / "tiny.json"
        shutil.copy(golden_path("pcs_tiny_case_2.json"), src)
        signed = self.tmp / "signed.json"
        r = run_cli(["sign", "--in", str(src), "--out", str(signed), "--alg", "hmac-legacy", "--secret", "k"])
        self.assertEqual(r.returncode, 0, r.stderr)
        ok = run_cli(["verify", "--in", str(signed), "--alg", "hmac-legacy", "--secret", "k", "--json"])
        self.assertEqual(ok.returncode, 0, ok.stderr)
        line = json.loads(ok.stdout)
        self.assertEqual((line["signature"], line["status"], line["accepted"]), ("ok", 200, True))
        bad = run_cli(["verify", "--in", str(signed), "--alg", "hmac", "--secret", "k"])
        self.assertEqual(bad.returncode, 1)
        self.assertIn("signature INVALID", bad.stdout)

    def test_verify_the_agent_file_and_a_decision(self) -> None:
        r = run_cli(["verify", "--in", str(golden_path("pcs_tiny_case_1.json")), "--secret", "testsecret"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("signature OK; decision: status 200 (accepted)", r.stdout)

    @unittest.skipUnless(has_cryptography(), "cryptography is not installed")
    def test_ed25519_sign_and_verify_with_the_public_key(self) -> None:
        out = self.tmp / "e.json"
        self.assertEqual(run_cli(["build", "--in", TRACE, "--out", str(out), "--alg", "ed25519",
                                  "--seed", RFC8032_SEED_HEX]).returncode, 0)
        r = run_cli(["verify", "--in", str(out), "--alg", "ed25519", "--public-key", RFC8032_PUBLIC_HEX])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = run_cli(["verify", "--in", str(out), "--public-key", "00" * 32])
        self.assertEqual(r.returncode, 1)

    def test_verify_refuses_a_malformed_pcs(self) -> None:
        dup = self.tmp / "dup.json"
        dup.write_text('{"epoch":1,"epoch":2}')
        r = run_cli(["verify", "--in", str(dup), "--secret", "s"])
        self.assert_usage_error(r, "duplicate key 'epoch'")
        nonint = self.tmp / "nonint.json"
        doc = json.loads(golden_path("pcs_tiny_case_1.json").read_text())
        doc["epoch"] = 1.0
        nonint.write_text(json.dumps(doc))
        r = run_cli(["sign", "--in", str(nonint), "--secret", "s"])
        self.assert_usage_error(r, "field 'epoch' must be an integer")
        self.assertEqual(json.loads(nonint.read_text())["epoch"], 1.0)  # not overwritten

    # ------------------------------------------------------------------------------------------------ keygen

    @unittest.skipUnless(has_cryptography(), "cryptography is not installed")
    def test_keygen(self) -> None:
        seed_file = self.tmp / "seed.hex"
        r = run_cli(["keygen", "--out-seed", str(seed_file)])
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = dict(line.split(" ", 1) for line in r.stdout.strip().split("\n"))
        self.assertNotIn("seed", lines, "with --out-seed the seed is written to the file only")
        self.assertRegex(lines["public-key"], r"^[0-9a-f]{64}$")
        self.assertRegex(seed_file.read_text().strip(), r"^[0-9a-f]{64}$")
        self.assertEqual(ed25519_public_key(bytes.fromhex(seed_file.read_text().strip())).hex(), lines["public-key"])
        self.assertEqual(os.stat(seed_file).st_mode & 0o777, 0o600)
        self.assert_usage_error(run_cli(["keygen", "--out-seed", str(seed_file)]), "refusing to overwrite")

    def test_missing_cryptography_is_a_clear_error(self) -> None:
        fake = self.tmp / "fake"
        (fake / "cryptography").mkdir(parents=True)
        (fake / "cryptography" / "__init__.py").write_text("raise ImportError('simulated: not installed')\n")
        out = self.tmp / "e.json"
        r = run_cli(["build", "--in", TRACE, "--out", str(out), "--alg", "ed25519", "--seed", RFC8032_SEED_HEX],
                    extra_path=fake)
        self.assert_usage_error(r, "pip install cryptography")
        self.assertIn("python3-cryptography", r.stderr)
        self.assertFalse(out.exists())
        # HMAC keeps working without it.
        r = run_cli(["build", "--in", TRACE, "--out", str(out), "--secret", "s"], extra_path=fake)
        self.assertEqual(r.returncode, 0, r.stderr)

    # ------------------------------------------------------------------------------------------------ submit

    def test_submit_prints_one_json_line_per_file(self) -> None:
        first = {"accepted": True, "recomputed_D_hat": 0.528320834, "escalated": False, "pcs_id": "c50b"}
        with ScriptedServer([json_answer(200, first), json_answer(200, first, {"Idempotent-Replayed": "true"}),
                             json_answer(401, {"title": "signature does not verify"})]) as srv:
            f = str(golden_path("pcs_tiny_case_1.json"))
            r = run_cli(["submit", "--url", srv.url, "--tenant", "acme", f, f])
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = [json.loads(x) for x in r.stdout.strip().split("\n")]
            self.assertEqual([x["status"] for x in lines], [200, 200])
            self.assertEqual([x["replayed"] for x in lines], [False, True])
            self.assertEqual(lines[0]["body"], first)
            self.assertEqual(lines[0]["file"], f)
            self.assertEqual(srv.requests[0].headers["x-tenant-id"], "acme")
            refused = run_cli(["submit", "--url", srv.url, f])
            self.assertEqual(refused.returncode, 1)
            self.assertEqual(json.loads(refused.stdout)["status"], 401)
        self.assertEqual(len(srv.requests), 3)  # the 401 was not retried

    def test_submit_without_a_server_fails_with_exit_1(self) -> None:
        r = run_cli(["submit", "--url", f"http://127.0.0.1:{free_port()}", "--max-attempts", "2",
                     str(golden_path("pcs_tiny_case_1.json"))])
        self.assertEqual(r.returncode, 1)
        line = json.loads(r.stdout)
        self.assertIsNone(line["status"])
        self.assertIn("after 2 attempts", line["error"])

    def test_submit_bad_usage(self) -> None:
        self.assert_usage_error(run_cli(["submit", "--url", "nowhere", TRACE]), "must be absolute")
        self.assert_usage_error(run_cli(["submit", "--url", "http://127.0.0.1:1", str(self.tmp / "x.json")]),
                                "no such file")

    def test_submit_outbox_resends_what_a_crashed_run_left_and_dead_letters_a_400(self) -> None:
        box = self.tmp / "outbox"
        box.mkdir()
        left_behind = golden_path("pcs_tiny_case_2.json").read_bytes()
        (box / f"{1:020d}.pcs").write_bytes(left_behind)  # durable, never sent: the previous run died
        bad = self.tmp / "bad.json"
        bad.write_text('{"not":"a pcs"}')
        ok = json_answer(200, {"accepted": True})

        def answer(req):
            return json_answer(400, {"title": "missing-field"}) if req.body == bad.read_bytes() else ok

        with ScriptedServer([answer]) as srv:
            r = run_cli(["submit", "--url", srv.url, "--outbox", str(box), str(golden_path("pcs_tiny_case_1.json")),
                         str(bad)])
        self.assertEqual(r.returncode, 1, r.stderr)  # one dead letter
        lines = [json.loads(x) for x in r.stdout.strip().split("\n")]
        self.assertEqual([x["outbox"] for x in lines], ["acknowledged", "acknowledged", "dead_letter"])
        self.assertEqual(srv.requests[0].body, left_behind)  # the leftover goes first
        self.assertEqual(sorted(p.name for p in box.glob("*.pcs")), [])
        dead = sorted(p.name for p in (box / "dead").iterdir())
        self.assertEqual(len(dead), 2)
        reason = (box / "dead" / dead[1]).read_text()
        self.assertTrue(dead[1].endswith(".pcs.reason"))
        self.assertIn("HTTP 400", reason)


if __name__ == "__main__":
    unittest.main()
