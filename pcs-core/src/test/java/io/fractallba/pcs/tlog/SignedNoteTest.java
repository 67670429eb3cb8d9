package io.fractallba.pcs.tlog;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed notes and checkpoints against the published example of golang.org/x/mod/sumdb/note (C2SP signed-note). */
class SignedNoteTest {

    private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    /** The example's private key text is PRIVATE+KEY+PeterNeumann+c74f20a3+base64(0x01 ‖ seed). */
    private static final byte[] SEED = Arrays.copyOfRange(
            Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"), 1, 33);
    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String NOTE = TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void reproducesThePublishedNoteByteForByte() throws ProofException {
        NoteSigner signer = new NoteSigner("PeterNeumann", NoteKey.ED25519, SEED);
        assertEquals(VKEY, signer.key().verifierKey());
        assertEquals(NOTE, signer.sign(TEXT).format());
        NoteSigner.verify(SignedNote.parse(NOTE), NoteKey.parseVerifierKey(VKEY));
    }

    @Test
    void rejectsTamperedTextOtherKeysAndMalformedNotes() {
        NoteKey key = NoteKey.parseVerifierKey(VKEY);
        assertThrows(ProofException.class, () -> NoteSigner.verify(SignedNote.parse(NOTE.replace("answer", "Answer")), key));
        NoteKey other = new NoteSigner("PeterNeumann", NoteKey.ED25519, new byte[32]).key();
        assertThrows(ProofException.class, () -> NoteSigner.verify(SignedNote.parse(NOTE), other));
        assertThrows(ProofException.class, () -> SignedNote.parse(TEXT));
        assertThrows(ProofException.class, () -> SignedNote.parse(TEXT + "\n- PeterNeumann abc=\n"));
        assertThrows(IllegalArgumentException.class,
                () -> NoteKey.parseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
        // The base64 part may itself contain '+' (transparency-dev/formats test key).
        assertEquals("TEST", NoteKey.parseVerifierKey("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6").name());
    }

    @Test
    void checkpointRoundTripAndCosignature() throws ProofException {
        NoteSigner log = new NoteSigner("audit.example/log", NoteKey.ED25519, seed(7));
        byte[] root = MerkleHashes.leafHash(new byte[] {1});
        Checkpoint cp = new Checkpoint("audit.example/log", 42, root);
        String note = log.sign(cp.text()).format();
        assertEquals(cp, Checkpoint.verify(note, log.key(), "audit.example/log"));
        assertThrows(ProofException.class, () -> Checkpoint.verify(note, log.key(), "other/log"));
        assertThrows(ProofException.class, () -> Checkpoint.verify(note.replace("\n42\n", "\n43\n"), log.key(), null));
        assertThrows(ProofException.class, () -> Checkpoint.parse("o\n042\n" + cp.rootBase64() + "\n"));
        // 19 digits above Long.MAX_VALUE: a ProofException (a 4xx where a service parses it), not a NumberFormatException.
        assertThrows(ProofException.class, () -> Checkpoint.parse("o\n9999999999999999999\n" + cp.rootBase64() + "\n"));

        NoteSigner witness = new NoteSigner("witness.example", NoteKey.COSIGNATURE_V1, seed(9));
        SignedNote cosigned = witness.cosign(SignedNote.parse(note), 1_700_000_000L);
        SignedNote reparsed = SignedNote.parse(cosigned.format());
        NoteSigner.verify(reparsed, witness.key());
        NoteSigner.verify(reparsed, log.key());
        assertEquals(2, reparsed.signatures().size());
        assertTrue(witness.key().verifierKey().startsWith("witness.example+"));
        SignedNote forged = new SignedNote(reparsed.text().replace("42", "41"), reparsed.signatures());
        assertThrows(ProofException.class, () -> NoteSigner.verify(forged, witness.key()));
        assertThrows(ProofException.class, () -> NoteSigner.verify(
                new SignedNote(reparsed.text(), List.of(reparsed.signatures().get(0))), witness.key()));
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }
}
