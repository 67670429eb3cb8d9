"""Signals: zlib-vectors.json, direction_samples, agent-csv reproducing the agent's N_j, D̂, r and Merkle root."""

import base64
import hashlib
import unittest
import zlib

from _support import golden, golden_path

from fractal_lba.build import build_pcs
from fractal_lba.dhat import estimate_dhat
from fractal_lba.document import parse_document
from fractal_lba.errors import BuildError, ReferenceZlibError
from fractal_lba.signals import (
    DirectionStream,
    box_counts,
    check_reference_zlib,
    coherence,
    compressed,
    compressibility,
    merkle_root,
)
from fractal_lba.trace import read_trace


class ZlibVectorsTest(unittest.TestCase):
    def test_every_reference_stream(self) -> None:
        cases = golden("zlib-vectors.json")["cases"]
        self.assertGreaterEqual(len(cases), 19)
        for case in cases:
            with self.subTest(case["name"]):
                raw = base64.b64decode(case["input_b64"])
                self.assertEqual(len(raw), case["input_len"])
                out = compressed(raw)
                self.assertEqual(len(out), case["zlib_level6_len"])
                self.assertEqual(hashlib.sha256(out).hexdigest(), case["zlib_level6_sha256"])

    def test_the_embedded_probe_is_a_golden_vector(self) -> None:
        from fractal_lba import signals

        probe = [c for c in golden("zlib-vectors.json")["cases"] if c["name"] == "trace-15"][0]
        self.assertEqual(base64.b64decode(probe["input_b64"]), signals._PROBE)
        self.assertEqual((probe["zlib_level6_len"], probe["zlib_level6_sha256"]),
                         (signals._PROBE_LEN, signals._PROBE_SHA256))

    def test_a_non_reference_zlib_is_refused(self) -> None:
        with self.assertRaises(ReferenceZlibError) as cm:
            check_reference_zlib(version="1.3.0.zlib-ng")
        self.assertIn("not the reference zlib", str(cm.exception))
        with self.assertRaises(ReferenceZlibError):
            check_reference_zlib(version="2.1.6")
        with self.assertRaises(ReferenceZlibError) as cm:
            # A deflate that differs (here: level 9 instead of the reference's lazy matching at level 6).
            check_reference_zlib(version="1.3.1", compress=lambda data, level: zlib.compress(data, 1))
        self.assertIn("not the reference deflate", str(cm.exception))
        self.assertTrue(check_reference_zlib())

    def test_empty_input_has_r_zero(self) -> None:
        self.assertEqual(compressibility(b""), 0.0)


class DirectionSamplesTest(unittest.TestCase):
    def test_uniforms_and_directions(self) -> None:
        samples = golden("pcs-build-vectors.json")["direction_samples"]
        self.assertEqual(len(samples), 4)
        for s in samples:
            with self.subTest(seed=s["seed"], dim=s["dim"]):
                stream = DirectionStream(int(s["seed"]))
                self.assertEqual([repr(stream.next_uniform()) for _ in s["uniforms"]], s["uniforms"])
                stream = DirectionStream(int(s["seed"]))
                got = [[repr(c) for c in stream.next_direction(s["dim"])] for _ in s["directions"]]
                self.assertEqual(got, s["directions"])

    def test_seed_range(self) -> None:
        with self.assertRaises(ValueError):
            DirectionStream(2**63)


class AgentCsvTest(unittest.TestCase):
    """The agent's own files: N_j, D̂, r, Merkle root (and so pcs_id) come out exactly; coh★ was random then."""

    def test_reproduces_the_agent(self) -> None:
        for n in (1, 2):
            with self.subTest(case=n):
                agent = parse_document(golden_path(f"pcs_tiny_case_{n}.json").read_bytes())
                t = read_trace(golden_path(f"agent-csv/tiny_case_{n}.csv"))
                nj = box_counts(t.points, agent.scales)
                self.assertEqual(nj, agent.N_j)
                self.assertEqual(estimate_dhat(agent.scales, nj).value, agent.D_hat)
                self.assertEqual(compressibility(t.raw), agent.r)
                self.assertEqual(merkle_root(t.raw), agent.merkle_root)
                built = build_pcs(t, shard_id=agent.shard_id, epoch=agent.epoch, scales=agent.scales, seed=42)
                self.assertEqual(built.pcs_id, agent.pcs_id)
                self.assertEqual((built.D_hat, built.r, built.merkle_root), (agent.D_hat, agent.r, agent.merkle_root))


class SignalEdgesTest(unittest.TestCase):
    def test_merkle_shapes(self) -> None:
        self.assertEqual(merkle_root(b""), "0" * 64)
        one = hashlib.sha256(b"abc").hexdigest()
        self.assertEqual(merkle_root(b"abc"), one)
        a, b, c = (hashlib.sha256(bytes([i]) * 64).hexdigest() for i in (1, 2, 3))
        ab = hashlib.sha256((a + b).encode()).hexdigest()
        cc = hashlib.sha256((c + c).encode()).hexdigest()
        self.assertEqual(merkle_root(b"\x01" * 64 + b"\x02" * 64 + b"\x03" * 64),
                         hashlib.sha256((ab + cc).encode()).hexdigest())

    def test_coherence_of_identical_points_is_one(self) -> None:
        self.assertEqual(coherence([(0.5, 0.5, 0.5)] * 3, 42).coh_star, 1.0)

    def test_huge_coordinates_saturate_in_box_counts_and_are_refused_by_coherence(self) -> None:
        # Products beyond 2^63 saturate (Java's (long) cast, docs/contract.md §7); projections that overflow have no
        # bin, so the build is refused rather than binned some language-specific way.
        pts = [(1e308, -1e308, 1e308), (1.7e308, 1.7e308, -1.7e308), (0.0, 0.0, 0.0)]
        self.assertEqual(box_counts(pts, [1, 1024]), {"1": 3, "1024": 3})
        with self.assertRaisesRegex(BuildError, "too large"):
            coherence(pts, 1)


if __name__ == "__main__":
    unittest.main()
