package io.fractallba.pcs.tlog;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Signs and verifies signed notes with Ed25519: note signatures (type 0x01, over the note text) and C2SP
 * tlog-cosignature/v1 (type 0x04, over {@code "cosignature/v1\ntime <t>\n"} followed by the checkpoint text,
 * the signature carrying the 8-byte big-endian timestamp before the Ed25519 signature).
 */
public final class NoteSigner {

    private final Ed25519PrivateKeyParameters privateKey;
    private final NoteKey key;

    public NoteSigner(String name, byte type, byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 signing key is a 32-byte seed");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.key = new NoteKey(name, type, privateKey.generatePublicKey().getEncoded());
    }

    public NoteKey key() {
        return key;
    }

    public SignedNote sign(SignedNote note) {
        if (key.type() != NoteKey.ED25519) {
            throw new IllegalStateException("key " + key.name() + " is a cosignature key");
        }
        return note.withSignature(new SignedNote.Signature(key.name(), key.keyId(), ed25519(note.textBytes())));
    }

    public SignedNote sign(String text) {
        return sign(new SignedNote(text, java.util.List.of()));
    }

    /** Adds a tlog-cosignature/v1 made at {@code timestampSeconds}. */
    public SignedNote cosign(SignedNote note, long timestampSeconds) {
        if (key.type() != NoteKey.COSIGNATURE_V1) {
            throw new IllegalStateException("key " + key.name() + " is not a cosignature key");
        }
        byte[] sig = ed25519(cosignedMessage(note.text(), timestampSeconds));
        byte[] blob = ByteBuffer.allocate(8 + sig.length).putLong(timestampSeconds).put(sig).array();
        return note.withSignature(new SignedNote.Signature(key.name(), key.keyId(), blob));
    }

    /** Throws unless {@code note} carries a valid signature by {@code key}. */
    public static void verify(SignedNote note, NoteKey key) throws ProofException {
        boolean sawKey = false;
        for (SignedNote.Signature s : note.signatures()) {
            if (!s.keyName().equals(key.name()) || !MessageDigest.isEqual(s.keyId(), key.keyId())) {
                continue;
            }
            sawKey = true;
            if (key.type() == NoteKey.ED25519 && ed25519Verify(key, note.textBytes(), s.signature())) {
                return;
            }
            if (key.type() == NoteKey.COSIGNATURE_V1 && s.signature().length == 72) {
                long t = ByteBuffer.wrap(s.signature(), 0, 8).getLong();
                byte[] sig = java.util.Arrays.copyOfRange(s.signature(), 8, 72);
                if (ed25519Verify(key, cosignedMessage(note.text(), t), sig)) {
                    return;
                }
            }
        }
        throw new ProofException(sawKey ? "signature by " + key.name() + " does not verify"
                : "note is not signed by " + key.name());
    }

    private byte[] ed25519(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    private static boolean ed25519Verify(NoteKey key, byte[] message, byte[] sig) {
        if (sig.length != 64) {
            return false;
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(key.publicKey(), 0));
        v.update(message, 0, message.length);
        return v.verifySignature(sig);
    }

    private static byte[] cosignedMessage(String text, long t) {
        return ("cosignature/v1\ntime " + Long.toUnsignedString(t) + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }
}
