package io.fractallba.pcs.json;

import io.fractallba.pcs.golden.GoldenFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser returns a PCS or throws its own error type, never anything else, on hostile input. */
class ParserFuzzProperties {

    private static final byte[] GOLDEN = GoldenFiles.bytes("pcs_tiny_case_1.json");
    private final PcsParser parser = new PcsParser();

    @Property(tries = 3000)
    void randomBytes(@ForAll byte[] body) {
        assertOnlyOwnErrors(body);
    }

    @Property(tries = 3000)
    void mutatedGoldenDocument(@ForAll("mutations") byte[] body) {
        assertOnlyOwnErrors(body);
    }

    @Property(tries = 2000)
    void randomJson(@ForAll("json") String body) {
        assertOnlyOwnErrors(body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertOnlyOwnErrors(byte[] body) {
        try {
            assertThat(parser.parse(body)).isNotNull();
        } catch (PcsParseException e) {
            assertThat(e.problem()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, GOLDEN.length - 1);
        Arbitrary<Byte> value = Arbitraries.of((byte) '"', (byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) ',',
                (byte) ':', (byte) '-', (byte) 'e', (byte) '9', (byte) 'n', (byte) 0, (byte) 0xff, (byte) '\\');
        return Arbitraries.integers().between(1, 6).flatMap(n -> position.list().ofSize(n).flatMap(
                positions -> value.list().ofSize(n).map(values -> {
                    byte[] copy = GOLDEN.clone();
                    for (int i = 0; i < n; i++) {
                        copy[positions.get(i)] = values.get(i);
                    }
                    return copy;
                })));
    }

    @Provide
    Arbitrary<String> json() {
        return jsonValue(3);
    }

    private Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "1e400", "-0", "18446744073709551617"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("pcs_id", "schema", "version", "shard_id", "epoch", "scales", "N_j", "coh_star",
                        "D_hat", "r", "regime", "budget", "merkle_root", "sig", "ft", "v_star", "attempt", "seed"),
                Arbitraries.strings().alpha().ofMaxLength(5));
        Arbitrary<String> member = keys.flatMap(k -> jsonValue(depth - 1).map(v -> "\"" + k + "\":" + v));
        Arbitrary<String> object = member.list().ofMaxSize(8).map(ms -> "{" + String.join(",", ms) + "}");
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(5).map(vs -> "[" + String.join(",", vs) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, scalars), net.jqwik.api.Tuple.of(5, object), net.jqwik.api.Tuple.of(2, array));
    }
}
