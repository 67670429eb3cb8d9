package io.fractallba.pcs.tlog;

import java.security.MessageDigest;
import java.util.List;

/** Client-side verification of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) proofs. */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        if (index < 0 || index >= size) {
            throw new ProofException("leaf index " + index + " is outside a tree of size " + size);
        }
        checkSizes(proof);
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw new ProofException("inclusion proof is longer than a tree of size " + size + " allows");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = MerkleHashes.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException("inclusion proof is shorter than a tree of size " + size + " needs");
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw new ProofException("inclusion proof of leaf " + index + " does not lead to the root of size " + size);
        }
    }

    public static void verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                         List<byte[]> proof) throws ProofException {
        if (first <= 0 || first > second) {
            throw new ProofException("no consistency proof exists from size " + first + " to size " + second);
        }
        checkSizes(proof);
        if (first == second) {
            if (!proof.isEmpty()) {
                throw new ProofException("consistency proof between equal sizes must be empty");
            }
            if (!MessageDigest.isEqual(firstRoot, secondRoot)) {
                throw new ProofException("two different roots for the same tree size " + first);
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofException("empty consistency proof from size " + first + " to size " + second);
        }
        java.util.ArrayList<byte[]> path = new java.util.ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                throw new ProofException("consistency proof is longer than sizes " + first + " → " + second + " allow");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.nodeHash(c, fr);
                sr = MerkleHashes.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = MerkleHashes.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException("consistency proof is shorter than sizes " + first + " → " + second + " need");
        }
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            throw new ProofException("consistency proof does not reproduce the root of size " + first);
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            throw new ProofException("consistency proof does not reproduce the root of size " + second);
        }
    }

    private static void checkSizes(List<byte[]> proof) throws ProofException {
        for (byte[] p : proof) {
            if (p == null || p.length != MerkleHashes.HASH_SIZE) {
                throw new ProofException("proof hash of wrong length");
            }
        }
    }
}
