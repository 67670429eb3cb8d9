"""§4 decisions against verify-vectors.json, and the agent's tiny cases (status 200)."""

import json
import unittest

from _support import golden, golden_path

from fractal_lba.dhat import DEFAULT_POLICY, estimate_dhat, log2
from fractal_lba.document import parse_document
from fractal_lba.verify import decide

VECTORS = golden("verify-vectors.json")


class VerifyVectorsTest(unittest.TestCase):
    def test_policy_constants_match_the_vectors(self) -> None:
        c = VECTORS["constants"]
        p = DEFAULT_POLICY
        self.assertEqual((p.tol_d, p.tol_coh, p.alpha, p.beta, p.gamma, p.base, p.d0, p.budget_tolerance),
                         (c["tolD"], c["tolCoh"], c["alpha"], c["beta"], c["gamma"], c["base"], c["D0"],
                          c["budget_tolerance"]))
        self.assertEqual((p.sticky_coh_min, p.sticky_dhat_max, p.non_sticky_dhat_min),
                         (c["sticky_coh_min"], c["sticky_dhat_max"], c["non_sticky_dhat_min"]))

    def test_every_decision(self) -> None:
        self.assertGreaterEqual(len(VECTORS["cases"]), 20)
        for case in VECTORS["cases"]:
            with self.subTest(case["name"]):
                # Through the strict parser, as the verifier reads them.
                outcome = decide(parse_document(json.dumps(case["pcs"]).encode()))
                exp = case["expect"]
                self.assertEqual(outcome.status, case["expect_status"])
                self.assertEqual(outcome.accepted, exp["accepted"])
                self.assertEqual(outcome.escalated, exp["escalated"])
                self.assertEqual(outcome.reason_code, exp.get("reason_code"))
                if "recomputed_D_hat" in exp:
                    self.assertEqual(outcome.recomputed_D_hat, exp["recomputed_D_hat"])
                if "recomputed_budget" in exp:
                    self.assertEqual(outcome.recomputed_budget, exp["recomputed_budget"])
                if "expected_regime" in exp:
                    self.assertEqual(outcome.expected_regime, exp["expected_regime"])
                if "detail" in exp:
                    self.assertIn(exp["detail"], outcome.reason)
                self.assertEqual(outcome.policy_id, "default@1")

    def test_tiny_cases_are_accepted(self) -> None:
        for name in ("pcs_tiny_case_1.json", "pcs_tiny_case_2.json"):
            with self.subTest(name):
                outcome = decide(parse_document(golden_path(name).read_bytes()))
                self.assertEqual(outcome.status, 200)
                self.assertTrue(outcome.accepted)
                self.assertIsNone(outcome.reason_code)


class EstimatorTest(unittest.TestCase):
    def test_log2_exact_at_powers_of_two(self) -> None:
        for k in range(0, 40):
            self.assertEqual(log2(float(2**k)), float(k))

    def test_upper_median_and_failures(self) -> None:
        self.assertEqual(estimate_dhat([2, 4, 8], {"2": 2, "4": 8, "8": 16}).value, 1.5)
        self.assertEqual(estimate_dhat([4, 4], {"4": 8}).failure, "no valid slope")
        self.assertEqual(estimate_dhat([2, 4], {"2": 4}).failure, "missing N_j for scale 4")
        self.assertEqual(estimate_dhat([2], {"2": 4}).failure, "need at least 2 scales")


if __name__ == "__main__":
    unittest.main()
