"""§7 trace rules: the golden traces (CRLF, blanks, exponents, a timestamp tie) and refused inputs."""

import base64
import hashlib
import unittest

from _support import golden, golden_path

from fractal_lba.errors import TraceError
from fractal_lba.trace import parse_trace, read_trace

BUILD = golden("pcs-build-vectors.json")


class GoldenTracesTest(unittest.TestCase):
    def test_raw_bytes_of_every_build_vector_trace(self) -> None:
        for case in BUILD["cases"]:
            with self.subTest(case["name"]):
                t = read_trace(golden_path(case["trace"]))
                self.assertEqual(base64.b64encode(t.raw).decode(), case["raw_b64"])
                self.assertEqual(hashlib.sha256(t.raw).hexdigest(), case["raw_sha256"])

    def test_edge_cases_trace(self) -> None:
        t = read_trace(golden_path("traces/edge_cases.csv"))
        rows = t.raw.decode().split("\n")
        self.assertEqual(len(t.points), 8)
        self.assertEqual(rows[0], "0.000976562,-0.5,1e-3,2.5E+0")  # tie 0.0009765625 rounds half even
        self.assertEqual(rows[1], "0.500000000,0.25,-0.125,.75")  # spaces stripped, texts kept as written
        self.assertEqual(rows[2], "1.000000000,-1.0,0.0,-0.0")
        self.assertEqual(rows[3], "1.000000001,3,4,5")
        self.assertEqual(rows[5], "3.500000000,10,-10,1e1")  # tabs stripped
        self.assertEqual(t.points[0], (-0.5, 0.001, 2.5))

    def test_helix_and_agent_traces(self) -> None:
        self.assertEqual(len(read_trace(golden_path("traces/helix_240.csv")).points), 240)
        self.assertEqual(len(read_trace(golden_path("agent-csv/tiny_case_1.csv")).points), 15)
        self.assertEqual(len(read_trace(golden_path("agent-csv/tiny_case_2.csv")).points), 20)

    def test_negative_timestamp_rounding_to_zero_keeps_its_minus_sign(self) -> None:
        # As the Python agents in the field write it (f"{t:.9f}"), docs/contract.md §7.
        t = parse_trace("timestamp,x,y,z\n-0.0,1,2,3\n-0.0000000001,1,2,3\n-0.0000000006,1,2,3")
        self.assertEqual(t.raw.decode(), "-0.000000000,1,2,3\n-0.000000000,1,2,3\n-0.000000001,1,2,3")


class RefusedTracesTest(unittest.TestCase):
    def assert_refused(self, csv: str, line, column, fragment: str) -> None:
        with self.assertRaises(TraceError) as cm:
            parse_trace(csv)
        e = cm.exception
        self.assertEqual((e.line, e.column), (line, column), str(e))
        self.assertIn(fragment, str(e))
        if line is not None:
            self.assertIn(f"line {line}", str(e))
        if column is not None:
            self.assertIn(f"column {column}", str(e))

    def test_garbage_names_line_and_column(self) -> None:
        self.assert_refused("timestamp,x,y,z\n0,1,2,3\n1,0.5,abc,3\n", 3, 3, "not a decimal number: 'abc'")

    def test_nan_infinity_and_overflow(self) -> None:
        self.assert_refused("t,x,y,z\n0,nan,1,1", 2, 2, "not a decimal number")
        self.assert_refused("t,x,y,z\n0,1,Infinity,1", 2, 3, "not a decimal number")
        self.assert_refused("t,x,y,z\n0,1,1,inf", 2, 4, "not a decimal number")
        self.assert_refused("t,x,y,z\n1e999,1,1,1", 2, 1, "out of range")

    def test_lenient_float_syntaxes_are_refused(self) -> None:
        for bad in ("1_0", "0x10", "+1", "1e", ".", "-", "1.0f", "١", "1 2", "--1"):
            with self.subTest(bad):
                self.assert_refused(f"t,x,y,z\n0,{bad},1,1", 2, 2, "not a decimal number")

    def test_field_count(self) -> None:
        self.assert_refused("t,x,y,z\n0,1,1", 2, 4, "expected 4 fields")
        self.assert_refused("t,x,y,z\n0,1,1,1,1", 2, 5, "found 5")
        self.assert_refused("t,x,y,z\n0,1,,1", 2, 3, "not a decimal number: ''")

    def test_no_data_rows(self) -> None:
        self.assert_refused("timestamp,x,y,z\n\n  \r\n", None, None, "no data rows")
        self.assert_refused("", None, None, "no data rows")

    def test_not_utf8(self) -> None:
        with self.assertRaises(TraceError) as cm:
            read_trace(b"timestamp,x,y,z\n0,1,1,1\n\xff,1,1,1\n")
        self.assertEqual(cm.exception.line, 3)

    def test_accepted_number_forms(self) -> None:
        t = parse_trace("t,x,y,z\n0,1.,.5,-2E-3\n1,1e+2,-0,5e-324")
        self.assertEqual(t.points, ((1.0, 0.5, -0.002), (100.0, -0.0, 5e-324)))


if __name__ == "__main__":
    unittest.main()
