"""§7 end to end: pcs-build-vectors.json byte for byte, and build parameters that must be refused."""

import unittest

from _support import golden, golden_path, has_cryptography

from fractal_lba.build import build_pcs
from fractal_lba.document import parse_document, to_json
from fractal_lba.errors import BuildError
from fractal_lba.signing import signer
from fractal_lba.trace import read_trace
from fractal_lba.verify import decide, verify_signature

VECTORS = golden("pcs-build-vectors.json")


def key_for(alg: str) -> str:
    return VECTORS["hmac_secret"] if alg.startswith("hmac") else VECTORS["ed25519_seed_hex"]


class BuildVectorsTest(unittest.TestCase):
    def test_generator_and_parameters(self) -> None:
        self.assertEqual(VECTORS["generator"], "sha256-ctr-v1")
        self.assertEqual((VECTORS["directions"], VECTORS["bins"]), (100, 10))

    def test_every_case_byte_for_byte(self) -> None:
        self.assertGreaterEqual(len(VECTORS["cases"]), 6)
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                if case["alg"] == "ed25519" and not has_cryptography():
                    self.skipTest("cryptography is not installed")
                pcs = build_pcs(read_trace(golden_path(case["trace"])), shard_id=case["shard_id"],
                                epoch=int(case["epoch"]), scales=case["scales"], seed=int(case["seed"]),
                                signer=signer(case["alg"], key_for(case["alg"])))
                self.assertEqual(to_json(pcs), case["expected_pcs"])
                # The expected file parses strictly and writes back to the same bytes, and verifies.
                again = parse_document(case["expected_pcs"].encode())
                self.assertEqual(to_json(again), case["expected_pcs"])
                if case["alg"] == "ed25519":
                    from fractal_lba.signing import ed25519_public_key

                    self.assertTrue(verify_signature(again, "ed25519", ed25519_public_key(key_for("ed25519"))))
                else:
                    self.assertTrue(verify_signature(again, case["alg"], key_for(case["alg"])))
                self.assertEqual(decide(again).status, 200)

    def test_unsigned_build_has_an_empty_sig(self) -> None:
        pcs = build_pcs(read_trace(golden_path("agent-csv/tiny_case_1.csv")))
        self.assertEqual(pcs.sig, "")
        self.assertEqual((pcs.shard_id, pcs.epoch, pcs.scales, pcs.seed), ("shard-0", 1, (2, 4, 8, 16), 42))


class RefusedParametersTest(unittest.TestCase):
    trace = read_trace(golden_path("agent-csv/tiny_case_1.csv"))

    def test_refused(self) -> None:
        bad = [
            dict(scales=[2, 4, 4, 8]), dict(scales=[0, 2]), dict(scales=[2, 2048]), dict(scales=[2]),
            dict(scales=[2.0, 4]), dict(epoch=-1), dict(epoch=1.0), dict(epoch=True), dict(epoch=2**63),
            dict(shard_id=""), dict(shard_id="a\ud800"), dict(seed=2**63),
        ]
        for kwargs in bad:
            with self.subTest(**{k: repr(v) for k, v in kwargs.items()}):
                with self.assertRaises(BuildError):
                    build_pcs(self.trace, **kwargs)  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
