"""§8 audit proofs: audit-proof-vectors.json (valid and tampered inclusion proofs, bad notes), and consistency."""

import base64
import hashlib
import unittest
from typing import List

from _support import golden, has_cryptography

from fractal_lba.audit import (
    leaf_hash,
    node_hash,
    parse_checkpoint,
    parse_note,
    parse_verifier_key,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_leaf_inclusion,
)
from fractal_lba.errors import ProofError

V = golden("audit-proof-vectors.json")


def mth(leaves: List[bytes]) -> bytes:
    """RFC 6962 §2.1 Merkle tree hash, straight from the definition (an independent reference for the tests)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaf_hash(leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def consistency_proof(m: int, leaves: List[bytes], complete: bool = True) -> List[bytes]:
    """RFC 6962 §2.1.2 SUBPROOF."""
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return consistency_proof(m, leaves[:k], complete) + [mth(leaves[k:])]
    return consistency_proof(m - k, leaves[k:], False) + [mth(leaves[:k])]


class KeyAndNoteTest(unittest.TestCase):
    def test_verifier_key(self) -> None:
        key = parse_verifier_key(V["verifier_key"])
        self.assertEqual(key.name, V["origin"])
        self.assertEqual(key.type, 0x01)
        self.assertEqual(key.verifier_key, V["verifier_key"])
        expected_id = hashlib.sha256(key.name.encode() + b"\n\x01" + key.public_key).digest()[:4]
        self.assertEqual(key.key_id, expected_id)

    def test_key_id_must_match(self) -> None:
        name, kid, b64 = V["verifier_key"].split("+", 2)
        with self.assertRaises(ProofError):
            parse_verifier_key(f"{name}+00000000+{b64}")
        with self.assertRaises(ProofError):
            parse_verifier_key("no-plus-signs")

    def test_checkpoint_text(self) -> None:
        note = parse_note(V["checkpoint_note"])
        cp = parse_checkpoint(note.text)
        self.assertEqual((cp.origin, cp.size, base64.b64encode(cp.root).decode()),
                         (V["origin"], V["tree_size"], V["root_b64"]))
        self.assertEqual(cp.text, note.text)
        self.assertEqual(mth([leaf.encode() for leaf in V["leaves"]]), cp.root)
        for bad in ("o\n07\nAAAA\n", "o\n7\n" + V["root_b64"] + "\nextra\n", "o\n7\nAAAA\n"):
            with self.assertRaises(ProofError):
                parse_checkpoint(bad)


@unittest.skipUnless(has_cryptography(), "cryptography is not installed")
class SignedCheckpointTest(unittest.TestCase):
    def test_checkpoint_verifies(self) -> None:
        cp = verify_checkpoint(V["checkpoint_note"], V["verifier_key"], expected_origin=V["origin"])
        self.assertEqual(cp.size, 7)
        with self.assertRaises(ProofError):
            verify_checkpoint(V["checkpoint_note"], V["verifier_key"], expected_origin="elsewhere")

    def test_bad_notes_are_refused(self) -> None:
        self.assertEqual(len(V["bad_notes"]), 4)
        for bad in V["bad_notes"]:
            with self.subTest(bad["why"]):
                with self.assertRaises(ProofError):
                    verify_checkpoint(bad["note"], V["verifier_key"])

    def test_inclusion_vectors_end_to_end(self) -> None:
        for case in V["inclusion"]:
            with self.subTest(case["name"]):
                if case["valid"]:
                    cp = verify_leaf_inclusion(case["leaf"], case["index"], case["proof"], V["checkpoint_note"],
                                               V["verifier_key"], V["origin"], case["tree_size"])
                    self.assertEqual(cp.size, case["tree_size"])
                else:
                    with self.assertRaises(ProofError):
                        verify_leaf_inclusion(case["leaf"], case["index"], case["proof"], V["checkpoint_note"],
                                              V["verifier_key"], V["origin"], case["tree_size"])


class InclusionTest(unittest.TestCase):
    root = base64.b64decode(V["root_b64"])

    def test_vectors_against_the_root(self) -> None:
        self.assertEqual(len(V["inclusion"]), 11)
        for case in V["inclusion"]:
            with self.subTest(case["name"]):
                args = (case["index"], case["tree_size"], leaf_hash(case["leaf"]), case["proof"], self.root)
                if case["valid"]:
                    verify_inclusion(*args)
                else:
                    self.assertRaises(ProofError, verify_inclusion, *args)

    def test_structural_refusals(self) -> None:
        good = V["inclusion"][0]
        lh = leaf_hash(good["leaf"])
        with self.assertRaises(ProofError):
            verify_inclusion(7, 7, lh, good["proof"], self.root)
        with self.assertRaises(ProofError):
            verify_inclusion(0, 7, lh, good["proof"] + good["proof"][:1], self.root)
        with self.assertRaises(ProofError):
            verify_inclusion(0, 7, lh, [b"\x00" * 31] + good["proof"][1:], self.root)


class ConsistencyTest(unittest.TestCase):
    def test_every_pair_of_a_small_log(self) -> None:
        leaves = [f"leaf {i}".encode() for i in range(13)]
        for n in range(1, 14):
            for m in range(1, n + 1):
                proof = consistency_proof(m, leaves[:n])
                verify_consistency(m, n, mth(leaves[:m]), mth(leaves[:n]), proof)
                if proof:
                    tampered = [bytes([proof[0][0] ^ 1]) + proof[0][1:]] + proof[1:]
                    with self.assertRaises(ProofError):
                        verify_consistency(m, n, mth(leaves[:m]), mth(leaves[:n]), tampered)
        with self.assertRaises(ProofError):
            verify_consistency(0, 3, b"", mth(leaves[:3]), [])


if __name__ == "__main__":
    unittest.main()
