"""§1 strict parsing (what the verifier answers with a 400) and the §7 writer's member order."""

import json
import unittest

from _support import golden, golden_path

from fractal_lba.document import DEFAULT_MAX_BYTES, Usage, parse_document, to_json
from fractal_lba.errors import PcsParseError

BASE = golden("verify-vectors.json")["cases"][0]["pcs"]


def body(**changes) -> str:
    doc = dict(BASE)
    for k, v in changes.items():
        if v is ...:
            doc.pop(k, None)
        else:
            doc[k] = v
    return json.dumps(doc)


class StrictParserTest(unittest.TestCase):
    def assert_refused(self, text, problem: str, fragment: str = "") -> PcsParseError:
        with self.assertRaises(PcsParseError) as cm:
            parse_document(text if isinstance(text, bytes) else text.encode())
        self.assertEqual(cm.exception.problem, problem, str(cm.exception))
        self.assertIn(fragment, str(cm.exception))
        return cm.exception

    def test_valid_document(self) -> None:
        p = parse_document(body().encode())
        self.assertEqual(p.epoch, 1)
        self.assertEqual(p.scales, (2, 4, 8, 16, 32))

    def test_duplicate_keys_at_any_depth(self) -> None:
        text = body()
        self.assert_refused(text[:-1] + ', "epoch": 2}', "duplicate-key", "'epoch'")
        self.assert_refused(text.replace('"N_j": {', '"N_j": {"2": 3, '), "duplicate-key", "'2'")
        self.assert_refused(text[:-1] + ', "extra": {"a": 1, "a": 2}}', "duplicate-key", "'a'")

    def test_nan_and_infinity(self) -> None:
        self.assert_refused(body().replace('"coh_star": 0.4', '"coh_star": NaN'), "malformed-json", "NaN")
        self.assert_refused(body().replace('"r": 0.6', '"r": Infinity'), "malformed-json", "Infinity")
        self.assert_refused(body().replace('"r": 0.6', '"r": -Infinity'), "malformed-json")
        self.assert_refused(body().replace('"r": 0.6', '"r": 1e400'), "number-out-of-range", "'r'")

    def test_epoch_must_be_a_64_bit_integer(self) -> None:
        for bad in (1.0, "1", 1e3, True, None):
            with self.subTest(bad):
                e = self.assert_refused(body(epoch=bad), "wrong-type", "field 'epoch' must be an integer")
                self.assertEqual(e.field, "epoch")
        self.assert_refused(body(epoch=2**63), "number-out-of-range", "64-bit")
        self.assertEqual(parse_document(body(epoch=2**63 - 1).encode()).epoch, 2**63 - 1)
        self.assertEqual(parse_document(body(epoch=-1).encode()).epoch, -1)  # a decision, not a 400

    def test_wrong_types(self) -> None:
        cases = [
            (dict(shard_id=5), "'shard_id' must be a string"),
            (dict(D_hat="1.0"), "'D_hat' must be a number"),
            (dict(scales=[2, "4"]), "'scales[1]' must be an integer"),
            (dict(scales=[2, 4.0]), "'scales[1]'"),
            (dict(N_j={"2": 1.5}), "'N_j.2'"),
            (dict(N_j=[1, 2]), "'N_j' must be an object"),
            (dict(v_star=[1, "x"]), "'v_star[1]'"),
            (dict(sig=7), "'sig' must be a string"),
            (dict(ft={"degraded": "no"}), "'ft.degraded' must be a boolean"),
            (dict(ft={"fallbacks": [1]}), "'ft.fallbacks[0]'"),
            (dict(usage={"input_tokens": -1}), "'usage.input_tokens' must be an integer >= 0"),
            (dict(usage={"provider_cost_usd": -0.5}), "'usage.provider_cost_usd'"),
            (dict(attempt=1.5), "'attempt' must be an integer"),
            (dict(regime=None), "'regime' must be a string, got null"),
        ]
        for changes, fragment in cases:
            with self.subTest(changes):
                self.assert_refused(body(**changes), "wrong-type", fragment)

    def test_missing_fields_and_optional_nulls(self) -> None:
        self.assert_refused(body(merkle_root=...), "missing-field", "'merkle_root'")
        p = parse_document(body(sig=None, v_star=None, seed=None, attempt=None, ft=None, usage=None).encode())
        self.assertIsNone(p.sig)
        self.assertIsNone(p.v_star)

    def test_shape_size_and_depth(self) -> None:
        self.assert_refused(b"", "malformed-json", "empty")
        self.assert_refused("[1]", "not-an-object")
        self.assert_refused("{", "malformed-json")
        self.assert_refused(body() + "{}", "malformed-json")
        self.assert_refused(b"{\xff}", "malformed-json")
        self.assert_refused(body()[:-1] + ', "pad": "' + "x" * DEFAULT_MAX_BYTES + '"}', "body-too-large")
        deep = "[" * 40 + "]" * 40
        self.assert_refused(body()[:-1] + f', "deep": {deep}}}', "too-deeply-nested")
        with self.assertRaises(PcsParseError) as cm:  # no RecursionError escapes, whatever the limits
            parse_document(b"[" * 100000 + b"]" * 100000, max_bytes=10**6)
        self.assertEqual(cm.exception.problem, "too-deeply-nested")
        self.assert_refused(body().replace('"epoch": 1', '"epoch": ' + "1" * 401), "malformed-json", "limit")

    def test_unknown_members_are_kept_aside(self) -> None:
        p = parse_document(body(custom={"k": [1, 2]}).encode())
        self.assertEqual(p.extra, {"custom": {"k": [1, 2]}})


class WriterTest(unittest.TestCase):
    def test_member_order_and_formats(self) -> None:
        p = parse_document(golden_path("pcs_tiny_case_1.json").read_bytes())
        text = to_json(p)
        keys = list(json.loads(text, object_pairs_hook=lambda pairs: [k for k, _ in pairs] if pairs and
                                isinstance(pairs[0][0], str) and pairs[0][0] == "pcs_id" else dict(pairs)))
        self.assertEqual(keys, ["pcs_id", "schema", "version", "shard_id", "epoch", "attempt", "sent_at", "seed",
                                "scales", "N_j", "coh_star", "v_star", "D_hat", "r", "regime", "budget",
                                "merkle_root", "sig", "ft"])
        self.assertIn('"ft":{"outbox_seq":0,"degraded":false,"fallbacks":[],"clock_skew_ms":0.0}', text)
        self.assertNotIn(" ", text)

    def test_nj_in_scale_order_then_other_keys(self) -> None:
        p = parse_document(body(scales=[8, 2, 4], N_j={"2": 3, "x": 1, "4": 9, "8": 25, "08": 7}).encode())
        self.assertIn('"N_j":{"8":25,"2":3,"4":9,"x":1}', to_json(p))  # "08" reads as scale 8, as in Java

    def test_repeated_scale_writes_its_count_once(self) -> None:
        # (The Java writer repeats the key here, giving a file its own parser refuses.)
        p = parse_document(body(scales=[4, 4], N_j={"2": 4, "4": 8}).encode())
        text = to_json(p)
        self.assertIn('"N_j":{"4":8,"2":4}', text)
        self.assertEqual(to_json(parse_document(text.encode())), text)

    def test_usage_block_follows_ft(self) -> None:
        p = parse_document(body().encode()).with_usage(Usage("gpt-4o", "summarise", 1200, 300, 0.25))
        self.assertTrue(to_json(p).endswith(
            ',"usage":{"model":"gpt-4o","task":"summarise","input_tokens":1200,"output_tokens":300,'
            '"provider_cost_usd":0.25}}'))


if __name__ == "__main__":
    unittest.main()
