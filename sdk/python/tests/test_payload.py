"""§2 payload bytes: signing-vectors.json (payload text, SHA-256), Python repr, round9 and string escaping."""

import hashlib
import json
import math
import unittest

from _support import golden
from fractal_lba.payload import SignedFields, json_string, py_repr, round9, signature_payload, signature_payload_text


def fields(case: dict) -> SignedFields:
    i = case["input"]
    return SignedFields(i["pcs_id"], i["merkle_root"], i["epoch"], i["shard_id"], i["D_hat"], i["coh_star"], i["r"],
                        i["budget"])


class SigningVectorPayloadTest(unittest.TestCase):
    vectors = golden("signing-vectors.json")

    def test_every_payload_byte_for_byte(self) -> None:
        self.assertGreaterEqual(len(self.vectors["cases"]), 12)
        for case in self.vectors["cases"]:
            with self.subTest(case["name"]):
                text = signature_payload_text(fields(case))
                self.assertEqual(text, case["payload_utf8"])
                self.assertEqual(hashlib.sha256(signature_payload(fields(case))).hexdigest(),
                                 case["payload_sha256_hex"])

    def test_inputs_are_the_doubles_named_by_input_float_repr(self) -> None:
        # The JSON loader and Python's repr agree with the vectors' own description of each input double.
        for case in self.vectors["cases"]:
            for k, rep in case["input_float_repr"].items():
                with self.subTest(case["name"], field=k):
                    self.assertEqual(py_repr(case["input"][k]), rep)


class Round9Test(unittest.TestCase):
    def test_half_up_on_the_shortest_decimal_not_round(self) -> None:
        # round(x, 9) works on the binary value (0.1234567885 is just below the tie) and gives ...788.
        self.assertEqual(round(0.1234567885, 9), 0.123456788)
        self.assertEqual(round9(0.1234567885), 0.123456789)
        self.assertEqual(round9(0.9999999995), 1.0)
        self.assertEqual(round9(-0.1234567895), -0.12345679)
        self.assertEqual(round9(5e-10), 1e-09)
        self.assertEqual(round9(0.12345678849), 0.123456788)

    def test_zero_keeps_its_sign(self) -> None:
        self.assertEqual(math.copysign(1, round9(-0.0)), -1)
        self.assertEqual(math.copysign(1, round9(-1e-12)), -1)
        self.assertEqual(py_repr(round9(-1e-12)), "-0.0")

    def test_large_values_do_not_overflow_the_decimal_context(self) -> None:
        self.assertEqual(round9(1e20), 1e20)
        self.assertEqual(round9(1.7976931348623157e308), 1.7976931348623157e308)
        self.assertEqual(round9(12345678.12345679), 12345678.12345679)

    def test_non_finite_refused(self) -> None:
        for bad in (math.nan, math.inf, -math.inf):
            with self.assertRaises(ValueError):
                round9(bad)
            with self.assertRaises(ValueError):
                py_repr(bad)


class ReprAndEscapingTest(unittest.TestCase):
    def test_repr_forms(self) -> None:
        self.assertEqual(py_repr(1.0), "1.0")
        self.assertEqual(py_repr(1), "1.0")
        self.assertEqual(py_repr(1e-05), "1e-05")
        self.assertEqual(py_repr(0.0001), "0.0001")
        self.assertEqual(py_repr(1e16), "1e+16")
        self.assertEqual(py_repr(9999999999999998.0), "9999999999999998.0")
        self.assertEqual(py_repr(2.5e-07), "2.5e-07")
        self.assertEqual(py_repr(-0.0), "-0.0")

    def test_string_escapes(self) -> None:
        self.assertEqual(json_string('a"b\\c\nd\te/f<g>h&i\x7f\x01'), '"a\\"b\\\\c\\nd\\te/f<g>h&i\\u007f\\u0001"')
        self.assertEqual(json_string("\b\f\r"), '"\\b\\f\\r"')
        self.assertEqual(json_string("ü東😀"), '"\\u00fc\\u6771\\ud83d\\ude00"')
        self.assertEqual(json.loads(json_string("ü東😀")), "ü東😀")


if __name__ == "__main__":
    unittest.main()
