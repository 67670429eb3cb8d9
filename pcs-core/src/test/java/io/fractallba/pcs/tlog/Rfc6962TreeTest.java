package io.fractallba.pcs.tlog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The tree against RFC 6962: the Certificate Transparency reference vectors, and for every tree size 1..64 every
 * inclusion proof and every consistency pair, each checked against a direct transcription of the RFC's recursive
 * definitions and by the RFC 9162 verifier — and every tampered variant rejected.
 */
class Rfc6962TreeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 6962 test data used by certificate-transparency and its descendants. */
    private static final String[] CT_LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] CT_ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    @Test
    void rootsMatchTheCertificateTransparencyVectors() {
        List<byte[]> leaves = ctLeafHashes();
        MerkleFrontier frontier = new MerkleFrontier();
        assertEquals(CT_ROOTS[0], HEX.formatHex(frontier.root()));
        for (int n = 1; n <= leaves.size(); n++) {
            frontier.append(leaves.get(n - 1));
            assertEquals(CT_ROOTS[n], HEX.formatHex(frontier.root()), "frontier root of size " + n);
            assertEquals(CT_ROOTS[n], HEX.formatHex(generator(leaves).root(n)), "generated root of size " + n);
        }
    }

    @Test
    void inclusionProofsMatchTheCertificateTransparencyVectors() throws ProofException {
        List<byte[]> leaves = ctLeafHashes();
        assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
                hex(generator(leaves).inclusion(0, 8)));
        assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(generator(leaves).inclusion(5, 8)));
        ProofVerifier.verifyInclusion(5, 8, leaves.get(5), generator(leaves).inclusion(5, 8), HEX.parseHex(CT_ROOTS[8]));
    }

    @Test
    void everyInclusionProofOfTreesUpTo64VerifiesAndMatchesTheRfcDefinition() throws ProofException {
        List<byte[]> leaves = leaves(64);
        for (int n = 1; n <= 64; n++) {
            TestGenerator gen = generator(leaves);
            byte[] root = gen.root(n);
            assertArrayEquals(mth(leaves.subList(0, n)), root);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = gen.inclusion(m, n);
                assertEquals(hex(path(m, leaves.subList(0, n))), hex(proof), "PATH(" + m + ", D[" + n + "])");
                ProofVerifier.verifyInclusion(m, n, leaves.get(m), proof, root);
                assertTamperedInclusionRejected(m, n, leaves, proof, root, gen);
            }
        }
    }

    @Test
    void everyConsistencyPairOfTreesUpTo64VerifiesAndMatchesTheRfcDefinition() throws ProofException {
        List<byte[]> leaves = leaves(64);
        TestGenerator gen = generator(leaves);
        for (int n = 1; n <= 64; n++) {
            byte[] second = gen.root(n);
            for (int m = 1; m <= n; m++) {
                byte[] first = gen.root(m);
                List<byte[]> proof = gen.consistency(m, n);
                assertEquals(hex(m == n ? List.of() : subproof(m, leaves.subList(0, n), true)), hex(proof),
                        "PROOF(" + m + ", D[" + n + "])");
                ProofVerifier.verifyConsistency(m, n, first, second, proof);
                assertTamperedConsistencyRejected(m, n, gen, proof, first, second);
            }
        }
    }

    @Test
    void proofsAreBuiltFromLogarithmicallyManyStoredNodes() {
        long size = 1_000_003;
        for (long index : new long[] {0, 1, 524_287, 999_999, size - 1}) {
            int reads = ProofGenerator.nodesNeeded(g -> g.inclusion(index, size)).size();
            assertTrue(reads <= 2 * 20, "inclusion of " + index + " read " + reads + " nodes");
        }
        int reads = ProofGenerator.nodesNeeded(g -> g.consistency(777_777, size)).size();
        assertTrue(reads <= 2 * 20, "consistency read " + reads + " nodes");
    }

    @Test
    void frontierRestoredFromStoredNodesContinuesTheSameTree() {
        List<byte[]> leaves = leaves(64);
        for (int cut = 0; cut <= 40; cut++) {
            TestGenerator gen = generator(leaves);
            MerkleFrontier resumed = MerkleFrontier.restore(cut, gen::subtreeOfStored);
            for (int i = cut; i < 64; i++) {
                resumed.append(leaves.get(i));
            }
            assertArrayEquals(mth(leaves), resumed.root(), "resumed at " + cut);
        }
    }

    @Test
    void appendReportsEveryCompletedNodeWithItsHash() {
        List<byte[]> leaves = leaves(64);
        MerkleFrontier f = new MerkleFrontier();
        List<NodeId> seen = new ArrayList<>();
        for (byte[] leaf : leaves) {
            f.append(leaf, (id, hash) -> {
                seen.add(id);
                assertArrayEquals(mth(leaves.subList((int) id.firstLeaf(), (int) (id.firstLeaf() + id.leafCount()))), hash);
            });
        }
        assertEquals(127, seen.size(), "a perfect tree of 64 leaves has 127 nodes");
    }

    @Test
    void malformedRequestsAreRefused() {
        TestGenerator gen = generator(leaves(8));
        assertThrows(IllegalArgumentException.class, () -> gen.inclusion(8, 8));
        assertThrows(IllegalArgumentException.class, () -> gen.inclusion(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> gen.consistency(0, 8));
        assertThrows(IllegalArgumentException.class, () -> gen.consistency(9, 8));
        assertThrows(ProofException.class, () -> ProofVerifier.verifyConsistency(3, 8, gen.root(3), gen.root(8), List.of()));
        assertThrows(ProofException.class, () -> ProofVerifier.verifyConsistency(8, 8, gen.root(3), gen.root(8), List.of()));
    }

    /** A wrong size is checked with that size's real root: a checkpoint always binds the two together. */
    private static void assertTamperedInclusionRejected(int m, int n, List<byte[]> leaves, List<byte[]> proof, byte[] root,
                                                        TestGenerator gen) {
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> flipped = copy(proof);
            flipped.get(i)[i % 32] ^= 0x01;
            rejects(() -> ProofVerifier.verifyInclusion(m, n, leaves.get(m), flipped, root), "flipped bit");
            List<byte[]> missing = copy(proof);
            missing.remove(i);
            rejects(() -> ProofVerifier.verifyInclusion(m, n, leaves.get(m), missing, root), "missing node");
        }
        List<byte[]> extra = copy(proof);
        extra.add(leaves.get(0));
        rejects(() -> ProofVerifier.verifyInclusion(m, n, leaves.get(m), extra, root), "extra node");
        if (n < leaves.size()) {
            rejects(() -> ProofVerifier.verifyInclusion(m, n + 1, leaves.get(m), proof, gen.root(n + 1)), "wrong size +1");
        }
        if (m < n - 1) {
            rejects(() -> ProofVerifier.verifyInclusion(m, n - 1, leaves.get(m), proof, gen.root(n - 1)), "wrong size -1");
        }
        if (n > 1) {
            int other = (m + 1) % n;
            rejects(() -> ProofVerifier.verifyInclusion(other, n, leaves.get(m), proof, root), "wrong index");
            rejects(() -> ProofVerifier.verifyInclusion(m, n, leaves.get(other), proof, root), "wrong leaf");
        }
    }

    private static void assertTamperedConsistencyRejected(int m, int n, TestGenerator gen, List<byte[]> proof,
                                                          byte[] first, byte[] second) {
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> flipped = copy(proof);
            flipped.get(i)[31 - i % 32] ^= (byte) 0x80;
            rejects(() -> ProofVerifier.verifyConsistency(m, n, first, second, flipped), "flipped bit");
            List<byte[]> missing = copy(proof);
            missing.remove(i);
            rejects(() -> ProofVerifier.verifyConsistency(m, n, first, second, missing), "missing node");
        }
        List<byte[]> extra = copy(proof);
        extra.add(first);
        rejects(() -> ProofVerifier.verifyConsistency(m, n, first, second, extra), "extra node");
        if (n < 64) {
            rejects(() -> ProofVerifier.verifyConsistency(m, n + 1, first, gen.root(n + 1), proof), "wrong second size");
        }
        if (m < n) {
            rejects(() -> ProofVerifier.verifyConsistency(m, n, first, gen.root(n - 1), proof),
                    "wrong second root");
            byte[] otherFirst = first.clone();
            otherFirst[0] ^= 1;
            rejects(() -> ProofVerifier.verifyConsistency(m, n, otherFirst, second, proof), "wrong first root");
        }
    }

    private interface Check {
        void run() throws ProofException;
    }

    private static void rejects(Check check, String what) {
        assertThrows(ProofException.class, check::run, what);
    }

    private static List<byte[]> copy(List<byte[]> proof) {
        List<byte[]> c = new ArrayList<>();
        proof.forEach(p -> c.add(p.clone()));
        return c;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static List<byte[]> ctLeafHashes() {
        List<byte[]> out = new ArrayList<>();
        for (String l : CT_LEAVES) {
            out.add(MerkleHashes.leafHash(HEX.parseHex(l)));
        }
        return out;
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleHashes.leafHash(("leaf-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** A generator whose stored nodes are computed from the leaves by the RFC definition. */
    private static TestGenerator generator(List<byte[]> leaves) {
        return new TestGenerator(leaves);
    }

    private static final class TestGenerator {
        private final List<byte[]> leaves;
        private final ProofGenerator gen;

        TestGenerator(List<byte[]> leaves) {
            this.leaves = leaves;
            this.gen = new ProofGenerator(this::subtreeOfStored);
        }

        byte[] subtreeOfStored(NodeId id) {
            return mth(leaves.subList((int) id.firstLeaf(), (int) (id.firstLeaf() + id.leafCount())));
        }

        byte[] root(long n) {
            return gen.root(n);
        }

        List<byte[]> inclusion(long m, long n) {
            return gen.inclusion(m, n);
        }

        List<byte[]> consistency(long m, long n) {
            return gen.consistency(m, n);
        }
    }

    // --- RFC 6962 §2.1 transcribed literally over lists of leaf hashes ---

    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return MerkleHashes.emptyRoot();
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = k(d.size());
        return MerkleHashes.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    private static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() == 1) {
            return out;
        }
        int k = k(d.size());
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(path(m - k, d.subList(k, d.size())));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> out = new ArrayList<>();
        int n = d.size();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = k(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    private static void assertTrue(boolean b, String msg) {
        org.junit.jupiter.api.Assertions.assertTrue(b, msg);
    }
}
