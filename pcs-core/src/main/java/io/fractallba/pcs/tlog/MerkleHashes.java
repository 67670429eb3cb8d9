package io.fractallba.pcs.tlog;

import io.fractallba.pcs.crypto.Hashes;

import java.security.MessageDigest;

/** RFC 6962 / RFC 9162 §2.1.1 hashing: leaves prefixed 0x00, interior nodes 0x01, SHA-256 throughout. */
public final class MerkleHashes {

    public static final int HASH_SIZE = 32;

    private MerkleHashes() {
    }

    /** MTH({}) — the root of an empty tree is the hash of the empty string. */
    public static byte[] emptyRoot() {
        return Hashes.sha256(new byte[0]);
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest d = Hashes.newSha256();
        d.update((byte) 0x00);
        d.update(leaf);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = Hashes.newSha256();
        d.update((byte) 0x01);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** Largest power of two strictly smaller than {@code n} (n ≥ 2): the split point k of RFC 6962 §2.1. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }
}
