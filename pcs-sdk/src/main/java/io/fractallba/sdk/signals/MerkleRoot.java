package io.fractallba.sdk.signals;

import io.fractallba.pcs.crypto.Hashes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's Merkle root (golden/README.md): leaves are the lowercase hex SHA-256 of fixed-size chunks of the raw
 * bytes; a parent is the hex SHA-256 of the ASCII concatenation of its children's hex strings; an odd node is
 * paired with itself; no chunks gives 64 zeros.
 */
public final class MerkleRoot {

    public static final int DEFAULT_CHUNK = 64;

    private MerkleRoot() {
    }

    public static String of(byte[] raw, int chunkSize) {
        if (raw.length == 0) {
            return "0".repeat(64);
        }
        List<String> level = new ArrayList<>();
        for (int i = 0; i < raw.length; i += chunkSize) {
            level.add(Hashes.sha256Hex(Arrays.copyOfRange(raw, i, Math.min(raw.length, i + chunkSize))));
        }
        while (level.size() > 1) {
            List<String> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                String left = level.get(i);
                String right = i + 1 < level.size() ? level.get(i + 1) : left;
                next.add(Hashes.sha256Hex((left + right).getBytes(StandardCharsets.US_ASCII)));
            }
            level = next;
        }
        return level.get(0);
    }
}
