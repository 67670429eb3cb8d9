package io.fractallba.pcs.tlog;

import java.util.Base64;

/**
 * The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, each ending in a newline.
 * Extension lines are not used by this log and are rejected so that one tree state has exactly one text.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
        }
        if (size < 0 || root == null || root.length != MerkleHashes.HASH_SIZE) {
            throw new IllegalArgumentException("checkpoint needs a size ≥ 0 and a 32-byte root");
        }
        root = root.clone();
    }

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    public String rootBase64() {
        return Base64.getEncoder().encodeToString(root);
    }

    public static Checkpoint parse(String text) throws ProofException {
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty()) {
            throw new ProofException("checkpoint text must be exactly origin, size and root lines");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new ProofException("checkpoint tree size is not a decimal without leading zeros: " + lines[1]);
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new ProofException("checkpoint root is not base64");
        }
        if (root.length != MerkleHashes.HASH_SIZE) {
            throw new ProofException("checkpoint root is not 32 bytes");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) { // 19 digits above 2^63 - 1 pass the pattern
            throw new ProofException("checkpoint tree size is out of range: " + lines[1]);
        }
        return new Checkpoint(lines[0], size, root);
    }

    /** Verifies the note's signature by {@code logKey} and returns the checkpoint it signs; checks the origin. */
    public static Checkpoint verify(String note, NoteKey logKey, String expectedOrigin) throws ProofException {
        SignedNote parsed = SignedNote.parse(note);
        NoteSigner.verify(parsed, logKey);
        Checkpoint cp = parse(parsed.text());
        if (expectedOrigin != null && !expectedOrigin.equals(cp.origin())) {
            throw new ProofException("checkpoint origin is '" + cp.origin() + "', expected '" + expectedOrigin + "'");
        }
        return cp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && java.util.Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }
}
