package io.fractallba.pcs.canonical;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cross-check against CPython: pyfloat-vectors.txt holds repr and the contract rounding for ~3,900 doubles. */
class PyFloatTest {

    @Test
    void matchesCPythonReprAndRounding() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("/pyfloat-vectors.txt")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ");
                double x = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                if (!PyFloat.repr(x).equals(parts[1])) {
                    failures.add("repr " + parts[1] + " -> " + PyFloat.repr(x));
                }
                if (!PyFloat.repr(PyFloat.round9(x)).equals(parts[2])) {
                    failures.add("round9 " + parts[1] + " -> " + PyFloat.repr(PyFloat.round9(x)) + " expected " + parts[2]);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(3000);
        assertThat(failures).isEmpty();
    }

    @Test
    void formatsLikePython() {
        assertThat(PyFloat.repr(1.0)).isEqualTo("1.0");
        assertThat(PyFloat.repr(-0.0)).isEqualTo("-0.0");
        assertThat(PyFloat.repr(1e-5)).isEqualTo("1e-05");
        assertThat(PyFloat.repr(2.5e-7)).isEqualTo("2.5e-07");
        assertThat(PyFloat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyFloat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFloat.repr(1e22)).isEqualTo("1e+22");
        assertThat(PyFloat.repr(5e-324)).isEqualTo("5e-324");
        assertThat(PyFloat.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void roundsHalfAwayFromZeroOnTheShortestString() {
        assertThat(PyFloat.round9(0.1234567885)).isEqualTo(0.123456789);
        assertThat(PyFloat.round9(-1.0000000005)).isEqualTo(-1.000000001);
        assertThat(PyFloat.round9(5e-10)).isEqualTo(1e-9);
        assertThat(PyFloat.round9(-0.0)).isEqualTo(-0.0);
    }

    @Test
    void rejectsNonFinite() {
        assertThatThrownBy(() -> PyFloat.repr(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PyFloat.round9(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
