"""§2 algorithms against signing-vectors.json and the agent's pcs_tiny_case files; key material; missing Ed25519."""

import base64
import sys
import unittest
from unittest import mock

from _support import RFC8032_PUBLIC_HEX, RFC8032_SEED_HEX, golden, golden_path, has_cryptography
from test_payload import fields

from fractal_lba import _ed25519
from fractal_lba.document import parse_document
from fractal_lba.errors import KeyMaterialError, MissingDependencyError
from fractal_lba.payload import signature_payload
from fractal_lba.signing import decode_signature, ed25519_public_key, key32, signer, verifier
from fractal_lba.verify import verify_signature

VECTORS = golden("signing-vectors.json")
SECRET = VECTORS["hmac_key_ascii"]


class HmacVectorsTest(unittest.TestCase):
    def test_hmac_and_legacy_signatures(self) -> None:
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                payload = signature_payload(fields(case))
                self.assertEqual(signer("hmac", SECRET).sign(payload), case["hmac_sha256_b64"])
                self.assertEqual(signer("hmac-legacy", SECRET).sign(payload), case["hmac_legacy_prehash_b64"])
                self.assertTrue(verifier("hmac", SECRET).verify(payload, case["hmac_sha256_b64"]))
                self.assertTrue(verifier("hmac-legacy", SECRET).verify(payload, case["hmac_legacy_prehash_b64"]))
                # The two variants never accept each other's MAC.
                self.assertFalse(verifier("hmac", SECRET).verify(payload, case["hmac_legacy_prehash_b64"]))
                self.assertFalse(verifier("hmac", "other").verify(payload, case["hmac_sha256_b64"]))

    def test_algorithm_names_are_case_insensitive(self) -> None:
        self.assertEqual(signer("HMAC", SECRET).alg, "hmac")

    def test_bad_base64_is_a_failed_signature(self) -> None:
        payload = signature_payload(fields(VECTORS["cases"][0]))
        for bad in ("", "!!!!", "abc", "x5KLRpKb75Oy1oxLA+3V+bgY/HL/3ZYOk1rw3pCiSm4", None):
            with self.subTest(bad):
                self.assertFalse(verifier("hmac", SECRET).verify(payload, bad))
        self.assertIsNone(decode_signature("a b="))

    def test_empty_secret_and_unknown_algorithm_refused(self) -> None:
        with self.assertRaises(KeyMaterialError):
            signer("hmac", "")
        with self.assertRaises(KeyMaterialError):
            signer("rsa", SECRET)


class TinyCasesTest(unittest.TestCase):
    def test_agent_files_verify_with_testsecret(self) -> None:
        for i, name in enumerate(("pcs_tiny_case_1.json", "pcs_tiny_case_2.json")):
            with self.subTest(name):
                pcs = parse_document(golden_path(name).read_bytes())
                self.assertTrue(verify_signature(pcs, "hmac", SECRET))
                self.assertEqual(pcs.sig, VECTORS["cases"][i]["hmac_sha256_b64"])
                self.assertFalse(verify_signature(pcs, "hmac", "wrong"))
                self.assertFalse(verify_signature(pcs.with_signature(None), "hmac", SECRET))


class KeyMaterialTest(unittest.TestCase):
    def test_hex_and_base64_forms(self) -> None:
        raw = bytes.fromhex(RFC8032_SEED_HEX)
        self.assertEqual(key32(RFC8032_SEED_HEX), raw)
        self.assertEqual(key32(RFC8032_SEED_HEX.upper()), raw)
        self.assertEqual(key32(base64.b64encode(raw).decode()), raw)

    def test_wrong_lengths_refused_with_the_length(self) -> None:
        for text, msg in ((RFC8032_SEED_HEX[:-2], "62 hex digits"), (RFC8032_SEED_HEX + "00", "66 hex digits"),
                          ("zz" * 32, "got 48 bytes"), ("not a key!", "neither")):
            with self.subTest(text):
                with self.assertRaises(KeyMaterialError) as cm:
                    key32(text, "--seed")
                self.assertIn(msg, str(cm.exception))
                self.assertIn("--seed", str(cm.exception))
        with self.assertRaises(KeyMaterialError):
            signer("ed25519", b"\x01" * 31)


@unittest.skipUnless(has_cryptography(), "cryptography is not installed")
class Ed25519VectorsTest(unittest.TestCase):
    def test_public_key_of_the_rfc8032_seed(self) -> None:
        pub = ed25519_public_key(RFC8032_SEED_HEX)
        self.assertEqual(pub.hex(), RFC8032_PUBLIC_HEX)
        self.assertEqual(base64.b64encode(pub).decode(), VECTORS["ed25519_public_b64"])

    def test_signatures_over_sha256_of_the_payload(self) -> None:
        s = signer("ed25519", bytes.fromhex(VECTORS["ed25519_seed_hex"]))
        v = verifier("ed25519", base64.b64decode(VECTORS["ed25519_public_b64"]))
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                payload = signature_payload(fields(case))
                self.assertEqual(s.sign(payload), case["ed25519_b64"])
                self.assertTrue(v.verify(payload, case["ed25519_b64"]))
                self.assertFalse(v.verify(payload + b" ", case["ed25519_b64"]))
                self.assertFalse(v.verify(payload, case["hmac_sha256_b64"]))  # 32 bytes, not 64


class MissingCryptographyTest(unittest.TestCase):
    """Ed25519 without the optional dependency: a clear error naming how to install it, never a bare ImportError."""

    def test_loader_names_the_install_commands(self) -> None:
        def absent(name: str) -> None:
            raise ModuleNotFoundError(f"No module named {name!r}")

        with self.assertRaises(MissingDependencyError) as cm:
            _ed25519.load(importer=absent)
        self.assertIn("pip install cryptography", str(cm.exception))
        self.assertIn("python3-cryptography", str(cm.exception))
        self.assertIsInstance(cm.exception, ImportError)

    def test_signing_and_verifying_fail_clearly_when_the_import_is_blocked(self) -> None:
        blocked = {"cryptography": None, "cryptography.hazmat.primitives.asymmetric.ed25519": None}
        with mock.patch.dict(sys.modules, blocked), mock.patch.object(_ed25519, "_cached", None):
            with self.assertRaises(MissingDependencyError) as cm:
                signer("ed25519", RFC8032_SEED_HEX)
            self.assertIn("pip install cryptography", str(cm.exception))
            with self.assertRaises(MissingDependencyError):
                verifier("ed25519", RFC8032_PUBLIC_HEX)
            # HMAC needs nothing optional.
            self.assertTrue(signer("hmac", SECRET).sign(b"x"))


if __name__ == "__main__":
    unittest.main()
