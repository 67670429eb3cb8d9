package io.fractallba.sdk.signals;

import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.sdk.PcsFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad traces and bad build parameters are refused with an error that names the place, never built into a PCS. */
class CsvTraceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "t,x,y,z\\n1,NaN,0,0|line 2, column 2: not a decimal number",
            "t,x,y,z\\n1,0.1,0.2,0.3\\n2,Infinity,0,0|line 3, column 2",
            "t,x,y,z\\n1,0.1,0.2|line 2: expected 4 fields",
            "t,x,y,z\\n1,0.1,0.2,0.3,9|line 2: expected 4 fields",
            "t,x,y,z\\n1,0x1p3,0,0|line 2, column 2",
            "t,x,y,z\\n1,1_0,0,0|line 2, column 2",
            "t,x,y,z\\n1,1d,0,0|line 2, column 2",
            "t,x,y,z\\n1,1e400,0,0|number out of range",
            "t,x,y,z\\n\\n  \\n|no data rows",
            "''|no data rows"})
    void malformedTracesAreRefused(String csv, String message) {
        assertThatThrownBy(() -> CsvTrace.parse(csv.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void negativeTimestampsKeepTheirSignWhenTheyRoundToZero() {
        // Python's f"{t:.9f}", as the agents in the field write it; BigDecimal alone would drop the sign.
        CsvTrace t = CsvTrace.parse("t,x,y,z\n-0.0,1,2,3\n-1e-12,1,2,3\n-0.0000000006,1,2,3\n0.0,1,2,3");
        assertThat(new String(t.raw(), StandardCharsets.UTF_8))
                .isEqualTo("-0.000000000,1,2,3\n-0.000000000,1,2,3\n-0.000000001,1,2,3\n0.000000000,1,2,3");
    }

    @Test
    void repeatedScalesAreRefused() {
        CsvTrace t = CsvTrace.parse("t,x,y,z\n0,0.1,0.2,0.3\n1,0.4,0.5,0.6\n2,0.7,0.8,0.9");
        PcsFactory factory = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, "k".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> factory.fromTrace(t, List.of(2L, 4L, 4L), 1, 1, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not repeat");
    }

    @Test
    void overflowingProjectionsAndLoneSurrogatesAreRefused() {
        PcsFactory factory = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, "k".getBytes(StandardCharsets.UTF_8)));
        CsvTrace huge = CsvTrace.parse("t,x,y,z\n0,1e308,1e308,1e308\n1,-1e308,-1e308,-1e308\n2,1,2,3");
        assertThatThrownBy(() -> factory.fromTrace(huge, List.of(2L, 4L), 1, 1, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        CsvTrace t = CsvTrace.parse("t,x,y,z\n0,0.1,0.2,0.3\n1,0.4,0.5,0.6\n2,0.7,0.8,0.9");
        assertThatThrownBy(() -> factory.fromTrace(t, List.of(2L, 4L), 1, 1, "a\udc80"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
    }

    @Test
    void thisJvmsZlibIsTheReferenceDeflate() {
        // r is only reproducible on the reference zlib; Compressibility refuses to compute it elsewhere.
        org.assertj.core.api.Assertions.assertThatCode(Compressibility.ReferenceCheck::ensure).doesNotThrowAnyException();
    }

    @Test
    void crlfAndBlanksAreToleratedAndCoordinatesKeptAsWritten() {
        CsvTrace t = CsvTrace.parse("timestamp,x,y,z\r\n 0.0009765625 , -0.5,1e-3,.75\r\n\r\n");
        assertThat(new String(t.raw(), StandardCharsets.UTF_8)).isEqualTo("0.000976562,-0.5,1e-3,.75");
        assertThat(t.points()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void aNegativeEpochIsRefused(long epoch) {
        PcsFactory f = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, new byte[]{1}));
        CsvTrace t = CsvTrace.parse("t,x,y,z\n1,0.1,0.2,0.3\n2,0.5,0.6,0.7");
        assertThatThrownBy(() -> f.fromTrace(t, List.of(2L, 4L), 1, epoch, "s")).hasMessageContaining("epoch");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1025, -4})
    void aScaleOutsideTheContractRangeIsRefused(long scale) {
        PcsFactory f = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, new byte[]{1}));
        CsvTrace t = CsvTrace.parse("t,x,y,z\n1,0.1,0.2,0.3\n2,0.5,0.6,0.7");
        assertThatThrownBy(() -> f.fromTrace(t, List.of(2L, scale), 1, 1, "s")).hasMessageContaining("1..1024");
    }
}
