package io.fractallba.pcs.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NodeId;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.ProofGenerator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The cases of {@code contract/golden/audit-proof-vectors.json}: a small audit log (leaves as the audit-service
 * writes them), its signed C2SP checkpoint, and RFC 6962 inclusion proofs, valid and tampered, so every SDK can
 * check that an agent's submission was logged. {@link #main} writes the file; {@code AuditProofVectorsTest}
 * checks it with pcs-core's own verifier.
 */
public final class AuditProofVectors {

    static final String ORIGIN = "fractal-lba.example/audit";
    static final String LOG_SEED_HEX = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"; // RFC 8032 TEST 2
    static final int SIZE = 7;

    private AuditProofVectors() {
    }

    static List<String> leaves() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            String tenant = i % 2 == 0 ? "acme" : "default";
            String pcsId = HexFormat.of().formatHex(MerkleHashes.leafHash(("pcs-" + i).getBytes(StandardCharsets.UTF_8)));
            out.add("{\"key_id\":\"k1\",\"outcome\":{\"accepted\":true,\"escalated\":false,\"status\":200},\"pcs_id\":\""
                    + pcsId + "\",\"policy\":\"default@1\",\"received_at\":\"2026-12-02T10:00:0" + i + ".000Z\","
                    + "\"region\":\"eu-west-1\",\"signed_payload\":\"{\\\"D_hat\\\":1.0}\",\"tenant\":\"" + tenant + "\",\"v\":1}");
        }
        return out;
    }

    static List<byte[]> leafHashes() {
        List<byte[]> out = new ArrayList<>();
        for (String l : leaves()) {
            out.add(MerkleHashes.leafHash(l.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static ProofGenerator generator() {
        List<byte[]> hashes = leafHashes();
        return new ProofGenerator(id -> subtree(hashes, id));
    }

    private static byte[] subtree(List<byte[]> hashes, NodeId id) {
        if (id.level() == 0) {
            return hashes.get((int) id.index());
        }
        return MerkleHashes.nodeHash(subtree(hashes, new NodeId(id.level() - 1, 2 * id.index())),
                subtree(hashes, new NodeId(id.level() - 1, 2 * id.index() + 1)));
    }

    static NoteSigner signer() {
        return new NoteSigner(ORIGIN, NoteKey.ED25519, HexFormat.of().parseHex(LOG_SEED_HEX));
    }

    static String note() {
        Checkpoint cp = new Checkpoint(ORIGIN, SIZE, generator().root(SIZE));
        return signer().sign(cp.text()).format();
    }

    private static ArrayNode b64(ObjectNode o, String field, List<byte[]> proof) {
        ArrayNode a = o.putArray(field);
        proof.forEach(h -> a.add(Base64.getEncoder().encodeToString(h)));
        return a;
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("about", "A 7-leaf audit log as the audit-service builds it (docs/audit.md): leaf hash SHA-256(0x00 || leaf "
                + "UTF-8), node hash SHA-256(0x01 || left || right) (RFC 6962 §2.1). checkpoint_note is a C2SP signed note "
                + "(origin, tree size, base64 root, each line ending in \\n; a blank line; signature lines '— <name> "
                + "base64(4-byte key id || Ed25519 signature over the note text)'). verifier_key is "
                + "'<name>+<8 hex key id>+base64(0x01 || 32-byte public key)', key id = first 4 bytes of SHA-256(name || "
                + "0x0A || 0x01 || public key). inclusion: per case the leaf index, the tree size, the leaf text, the "
                + "audit path (base64 hashes, leaf side first) and whether it must verify against the note's root. "
                + "bad_notes must all be refused under verifier_key. Written by pcs-core AuditProofVectors.");
        root.put("origin", ORIGIN);
        root.put("log_seed_hex", LOG_SEED_HEX);
        root.put("verifier_key", signer().key().verifierKey());
        String note = note();
        root.put("checkpoint_note", note);
        root.put("tree_size", SIZE);
        root.put("root_b64", Base64.getEncoder().encodeToString(generator().root(SIZE)));
        ArrayNode leaves = root.putArray("leaves");
        leaves().forEach(leaves::add);
        ArrayNode cases = root.putArray("inclusion");
        ProofGenerator gen = generator();
        for (int i = 0; i < SIZE; i++) {
            ObjectNode c = cases.addObject();
            c.put("name", "leaf " + i + " of " + SIZE);
            c.put("index", i);
            c.put("tree_size", SIZE);
            c.put("leaf", leaves().get(i));
            b64(c, "proof", gen.inclusion(i, SIZE));
            c.put("valid", true);
        }
        ObjectNode tamperedLeaf = cases.addObject();
        tamperedLeaf.put("name", "leaf 2 with a changed outcome");
        tamperedLeaf.put("index", 2);
        tamperedLeaf.put("tree_size", SIZE);
        tamperedLeaf.put("leaf", leaves().get(2).replace("\"accepted\":true", "\"accepted\":false"));
        b64(tamperedLeaf, "proof", gen.inclusion(2, SIZE));
        tamperedLeaf.put("valid", false);
        ObjectNode wrongIndex = cases.addObject();
        wrongIndex.put("name", "leaf 3 claimed at index 4");
        wrongIndex.put("index", 4);
        wrongIndex.put("tree_size", SIZE);
        wrongIndex.put("leaf", leaves().get(3));
        b64(wrongIndex, "proof", gen.inclusion(3, SIZE));
        wrongIndex.put("valid", false);
        ObjectNode flipped = cases.addObject();
        List<byte[]> proof = new ArrayList<>(gen.inclusion(5, SIZE));
        byte[] first = proof.get(0).clone();
        first[0] ^= 1;
        proof.set(0, first);
        flipped.put("name", "leaf 5 with one proof bit flipped");
        flipped.put("index", 5);
        flipped.put("tree_size", SIZE);
        flipped.put("leaf", leaves().get(5));
        b64(flipped, "proof", proof);
        flipped.put("valid", false);
        ObjectNode shortProof = cases.addObject();
        shortProof.put("name", "leaf 6 with a truncated proof");
        shortProof.put("index", 6);
        shortProof.put("tree_size", SIZE);
        shortProof.put("leaf", leaves().get(6));
        b64(shortProof, "proof", gen.inclusion(6, SIZE).subList(0, 1));
        shortProof.put("valid", false);
        ArrayNode bad = root.putArray("bad_notes");
        String[] lines = note.split("\n", -1);
        bad.addObject().put("why", "tree size changed").put("note", note.replaceFirst("\n7\n", "\n8\n"));
        bad.addObject().put("why", "signature by another key").put("note",
                new NoteSigner(ORIGIN, NoteKey.ED25519, new byte[32]).sign(new Checkpoint(ORIGIN, SIZE, generator().root(SIZE)).text()).format());
        bad.addObject().put("why", "no blank line before the signature").put("note", note.replace("\n\n", "\n"));
        bad.addObject().put("why", "signature not base64").put("note", lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n\n\u2014 " + ORIGIN + " !!!\n");
        Path out = args.length > 0 ? Path.of(args[0]) : GoldenFiles.dir().resolve("audit-proof-vectors.json");
        Files.writeString(out, mapper.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
