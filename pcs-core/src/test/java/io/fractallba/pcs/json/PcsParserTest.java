package io.fractallba.pcs.json;

import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PcsParserTest {

    private static final String GOLDEN = new String(GoldenFiles.bytes("pcs_tiny_case_1.json"), StandardCharsets.UTF_8);
    private final PcsParser parser = new PcsParser();

    private ParseProblem problemOf(String body) {
        PcsParseException e = catchThrowableOfType(PcsParseException.class,
                () -> parser.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("expected a parse error for %s", body).isNotNull();
        return e.problem();
    }

    @Test
    void parsesTheGoldenFile() throws Exception {
        Pcs pcs = parser.parse(GOLDEN.getBytes(StandardCharsets.UTF_8));
        assertThat(pcs.epoch()).isEqualTo(1);
        assertThat(pcs.scales()).containsExactly(2L, 4L, 8L, 16L);
        assertThat(pcs.nj()).containsEntry("16", 15L);
        assertThat(pcs.ft().degraded()).isFalse();
        assertThat(pcs.sig()).startsWith("x5KL");
    }

    @Test
    void keepsEpochsBeyondDoublePrecisionExact() throws Exception {
        Pcs pcs = parser.parse(GOLDEN.replace("\"epoch\": 1,", "\"epoch\": 9007199254740993,").getBytes(StandardCharsets.UTF_8));
        assertThat(pcs.epoch()).isEqualTo(9007199254740993L);
    }

    @Test
    void ignoresUnknownFieldsButStillRejectsDuplicatesInside() throws Exception {
        assertThat(parser.parse(GOLDEN.replaceFirst("\\{\n", "{\"extra\": {\"a\": [1, 2]}, ").getBytes(StandardCharsets.UTF_8)))
                .isNotNull();
        assertThat(problemOf(GOLDEN.replaceFirst("\\{\n", "{\"extra\": {\"a\": 1, \"a\": 2}, "))).isEqualTo(ParseProblem.DUPLICATE_KEY);
    }

    @Test
    void readsTheOptionalUsageBlockAndWritesItBack() throws Exception {
        String body = GOLDEN.replaceFirst("\\{\n", "{\"usage\": {\"model\": \"gpt-x\", \"task\": \"summarise\", "
                + "\"input_tokens\": 1200, \"output_tokens\": 300, \"provider_cost_usd\": 0.0042, \"later\": [1]}, ");
        Pcs pcs = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(pcs.usage()).isEqualTo(new io.fractallba.pcs.model.DeclaredUsage("gpt-x", "summarise", 1200L, 300L, 0.0042));
        assertThat(parser.parse(PcsJsonWriter.bytes(pcs)).usage()).isEqualTo(pcs.usage());
        assertThat(parser.parse(GOLDEN.getBytes(StandardCharsets.UTF_8)).usage()).isNull();
        // Unsigned: the signature payload does not change with it.
        assertThat(pcs.signedFields()).isEqualTo(parser.parse(GOLDEN.getBytes(StandardCharsets.UTF_8)).signedFields());
    }

    @ParameterizedTest(name = "usage: {0}")
    @CsvSource(delimiter = '|', value = {
            "not an object|\"usage\": [1]",
            "string tokens|\"usage\": {\"input_tokens\": \"12\"}",
            "negative tokens|\"usage\": {\"output_tokens\": -1}",
            "fractional tokens|\"usage\": {\"input_tokens\": 1.5}",
            "negative cost|\"usage\": {\"provider_cost_usd\": -0.1}",
            "numeric model|\"usage\": {\"model\": 4}",
    })
    void rejectsAMistypedUsageBlock(String name, String member) {
        PcsParseException e = catchThrowableOfType(PcsParseException.class, () -> parser.parse(
                GOLDEN.replaceFirst("\\{\n", "{" + member + ", ").getBytes(StandardCharsets.UTF_8)));
        assertThat(e).isNotNull();
        assertThat(e.problem()).isEqualTo(ParseProblem.WRONG_TYPE);
        assertThat(e.getMessage()).contains("usage");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "duplicate top-level key|\"epoch\": 1,|\"epoch\": 1, \"epoch\": 2,|DUPLICATE_KEY",
            "duplicate N_j key|\"2\": 5,|\"2\": 5, \"2\": 6,|DUPLICATE_KEY",
            "NaN|\"coh_star\": 0.066666667|\"coh_star\": NaN|MALFORMED_JSON",
            "Infinity|\"coh_star\": 0.066666667|\"coh_star\": Infinity|MALFORMED_JSON",
            "overflowing double|\"coh_star\": 0.066666667|\"coh_star\": 1e999|NUMBER_OUT_OF_RANGE",
            "float epoch|\"epoch\": 1,|\"epoch\": 1.0,|WRONG_TYPE",
            "string epoch|\"epoch\": 1,|\"epoch\": \"1\",|WRONG_TYPE",
            "epoch beyond 64 bits|\"epoch\": 1,|\"epoch\": 18446744073709551616,|NUMBER_OUT_OF_RANGE",
            "number as shard_id|\"shard_id\": \"test-shard-001\"|\"shard_id\": 7|WRONG_TYPE",
            "string as D_hat|\"D_hat\": 0.528320834|\"D_hat\": \"0.528320834\"|WRONG_TYPE",
            "null required string|\"regime\": \"mixed\"|\"regime\": null|WRONG_TYPE",
            "float scale|2,|2.5,|WRONG_TYPE",
            "missing merkle_root|\"merkle_root\"|\"merkle_rooT\"|MISSING_FIELD",
            "case-sensitive names|\"D_hat\"|\"d_hat\"|MISSING_FIELD",
            "bad ft|\"degraded\": false|\"degraded\": \"no\"|WRONG_TYPE",
    })
    void rejects(String name, String from, String to, ParseProblem expected) {
        String body = GOLDEN.replace(from, to);
        assertThat(body).isNotEqualTo(GOLDEN);
        assertThat(problemOf(body)).isEqualTo(expected);
    }

    @Test
    void rejectsNonObjectsTrailingDataAndEmptyBodies() {
        assertThat(problemOf("[]")).isEqualTo(ParseProblem.NOT_AN_OBJECT);
        assertThat(problemOf("42")).isEqualTo(ParseProblem.NOT_AN_OBJECT);
        assertThat(problemOf(GOLDEN + " {}")).isEqualTo(ParseProblem.MALFORMED_JSON);
        assertThat(problemOf("{\"a\":")).isEqualTo(ParseProblem.MALFORMED_JSON);
        assertThat(problemOf("")).isEqualTo(ParseProblem.MALFORMED_JSON);
    }

    @Test
    void enforcesSizeAndDepthLimits() {
        assertThat(problemOf("{\"pad\": \"" + "x".repeat(PcsParser.DEFAULT_MAX_BYTES) + "\"}")).isEqualTo(ParseProblem.TOO_LARGE);
        assertThat(problemOf("{\"deep\": " + "[".repeat(500) + "]".repeat(500) + "}")).isEqualTo(ParseProblem.TOO_DEEP);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = GOLDEN.replace("test-shard-001", "test-shard-\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(PcsParseException.class);
    }
}
