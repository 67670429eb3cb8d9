package io.fractallba.sdk.signals;

import io.fractallba.pcs.canonical.PyFloat;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** r = len(zlib.compress(raw, 6)) / len(raw), zlib framing included, rounded to 9 decimals. */
public final class Compressibility {

    private Compressibility() {
    }

    public static double ratio(byte[] raw) {
        if (raw.length == 0) {
            return 0.0;
        }
        ReferenceCheck.ensure();
        return PyFloat.round9((double) compressedLength(raw) / raw.length);
    }

    /**
     * Deflate's output is fixed by the implementation, not the format (docs/adr/0001): the JDK's Deflater is the
     * platform zlib on Linux, and a JVM on a zlib-ng or Chromium-zlib system would silently write another r. The
     * first use compresses zlib-vectors.json's "trace-15" and refuses to go on unless the stream is the reference
     * one (the Python SDK does the same).
     */
    static final class ReferenceCheck {
        private static final byte[] PROBE = java.util.Base64.getDecoder().decode(
            "MC4wMDAwMDAwMDAsMC44NjcsMC4zNTksMC41NDYKMC4wMTAwMDAwMDAsMC4wMjEsMC42OTcsMC4xNzUKMC4wMjAwMDAwMDAsMC40" +
            "MjUsMC4zMzEsMC44NjUKMC4wMzAwMDAwMDAsMC40MjgsMC4yMTcsMC45NTIKMC4wNDAwMDAwMDAsMC40MjgsMC43NzUsLTAuMDA2" +
            "CjAuMDUwMDAwMDAwLDAuNTQsMC4zOTMsMC41NTkKMC4wNjAwMDAwMDAsMC42MTgsMC44NDcsMC4wMzMKMC4wNzAwMDAwMDAsMC4y" +
            "MDMsMC41MSwwLjgyNAowLjA4MDAwMDAwMCwwLjE2LDAuNDIyLC0wLjE4MwowLjA5MDAwMDAwMCwwLjQxLDAuODQ4LDAuNDg4CjAu" +
            "MTAwMDAwMDAwLDAuNjg1LDAuMTE2LC0wLjUzNQowLjExMDAwMDAwMCwwLjAyLDAuMzM4LDAuMTE0CjAuMTIwMDAwMDAwLDAuODE4" +
            "LDAuMzgyLDAuNDIyCjAuMTMwMDAwMDAwLDAuMTksMC43NzUsLTAuNTEzCjAuMTQwMDAwMDAwLDAuNDkzLDAuOTI5LDAuMDQ2");
        private static final int PROBE_LENGTH = 171;
        private static final String PROBE_SHA256 = "2bc49d1c731f160299fe061fd03d8498c08bb6a2119b8fbb4871385e0785a2b4";
        private static volatile boolean passed;

        static void ensure() {
            if (!passed) {
                byte[] out = compress(PROBE);
                String sha = io.fractallba.pcs.crypto.Hashes.sha256Hex(out);
                if (out.length != PROBE_LENGTH || !sha.equals(PROBE_SHA256)) {
                    throw new IllegalStateException("this JVM's zlib compresses the reference probe to " + out.length
                            + " bytes, not the reference " + PROBE_LENGTH + ": it is not the reference deflate, so r"
                            + " would differ from the other SDKs (run on a system with the reference zlib)");
                }
                passed = true;
            }
        }
    }

    /** Length of zlib.compress(raw, 6): the reference output whose lengths contract/golden/zlib-vectors.json gives. */
    public static int compressedLength(byte[] raw) {
        return compress(raw).length;
    }

    private static byte[] compress(byte[] raw) {
        Deflater deflater = new Deflater(6); // zlib wrapper (header + Adler-32), as Python's zlib.compress
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
