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
        return PyFloat.round9((double) compressedLength(raw) / raw.length);
    }

    /** Length of zlib.compress(raw, 6): the reference output whose lengths contract/golden/zlib-vectors.json gives. */
    public static int compressedLength(byte[] raw) {
        Deflater deflater = new Deflater(6); // zlib wrapper (header + Adler-32), as Python's zlib.compress
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.size();
        } finally {
            deflater.end();
        }
    }
}
