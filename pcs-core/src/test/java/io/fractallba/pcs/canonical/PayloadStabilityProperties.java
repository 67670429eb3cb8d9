package io.fractallba.pcs.canonical;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The payload depends on the signed values only: not on key order, whitespace or number spelling. */
class PayloadStabilityProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] GOLDEN = GoldenFiles.bytes("pcs_tiny_case_2.json");

    @Property(tries = 300)
    void stableUnderReorderingAndReformatting(@ForAll @IntRange(min = 0, max = 1_000_000) int seed,
                                              @ForAll boolean pretty, @ForAll boolean exponentSpelling) throws Exception {
        PcsParser parser = new PcsParser();
        Pcs original = parser.parse(GOLDEN);
        ObjectNode node = (ObjectNode) MAPPER.readTree(GOLDEN);

        List<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        Collections.shuffle(fields, new Random(seed));
        ObjectNode shuffled = MAPPER.createObjectNode();
        fields.forEach(e -> shuffled.set(e.getKey(), e.getValue()));

        String text = pretty ? MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(shuffled)
                : MAPPER.writeValueAsString(shuffled);
        if (exponentSpelling) {
            // Same doubles, other spellings: 1.0 -> 1, 0.2 -> 2.0E-1.
            text = text.replace("\"D_hat\":1.0", "\"D_hat\":1").replace("\"D_hat\" : 1.0", "\"D_hat\" : 1")
                    .replace("\"coh_star\":0.2", "\"coh_star\":2.0E-1").replace("\"coh_star\" : 0.2", "\"coh_star\" : 2.0E-1");
        }
        Pcs reparsed = parser.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(SignaturePayload.text(reparsed.signedFields())).isEqualTo(SignaturePayload.text(original.signedFields()));
    }

    @Property(tries = 5000)
    void fastPathAgreesWithTheGeneralAlgorithm(@ForAll @IntRange(min = -999_999_999, max = 999_999_999) int whole,
                                               @ForAll @IntRange(min = 0, max = 999_999_999) int frac,
                                               @ForAll @IntRange(min = 0, max = 9) int decimals) {
        // Values with up to 9 decimals, as agents send them, over the whole fast-path range.
        java.math.BigDecimal v = java.math.BigDecimal.valueOf(whole % 1_000_000)
                .add(java.math.BigDecimal.valueOf(frac, 9).setScale(decimals, java.math.RoundingMode.DOWN));
        double x = v.doubleValue();
        if (x == 0.0) {
            return;
        }
        java.math.BigDecimal slow = PyFloat.shortestDecimal(x);
        assertThat(PyFloat.repr(x)).isEqualTo(reprOf(slow, x));
        assertThat(PyFloat.round9(x)).isEqualTo(slow.setScale(9, java.math.RoundingMode.HALF_UP).doubleValue());
    }

    private static String reprOf(java.math.BigDecimal d, double x) {
        // The general path's formatting, computed without the fast path.
        StringBuilder out = new StringBuilder();
        if (d.signum() < 0) {
            out.append('-');
            d = d.negate();
        }
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        if (exponent < -4 || exponent >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent) < 10 ? "0" : "").append(Math.abs(exponent));
            return out.toString();
        }
        String plain = d.toPlainString();
        return out.append(plain).append(plain.indexOf('.') < 0 ? ".0" : "").toString();
    }

    @Property(tries = 2000)
    void roundingIsIdempotent(@ForAll double x) {
        if (!Double.isFinite(x) || Math.abs(x) > 1e17) {
            return;
        }
        double once = PyFloat.round9(x);
        assertThat(PyFloat.round9(once)).isEqualTo(once);
        assertThat(Double.parseDouble(PyFloat.repr(once))).isEqualTo(once);
    }
}
