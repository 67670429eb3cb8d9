package io.fractallba.pcs.tlog;

import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.Hashes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key of the C2SP signed-note spec: a name, and a key id derived as the first four bytes of
 * SHA-256(name ‖ 0x0A ‖ type ‖ public key), type 0x01 for note signatures and 0x04 for tlog cosignatures.
 * The verifier key text is {@code <name>+<hex key id>+<base64(type ‖ public key)>}.
 */
public record NoteKey(String name, byte type, byte[] publicKey) {

    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_V1 = 0x04;

    public NoteKey {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            throw new IllegalArgumentException("a note key name is non-empty, without spaces or '+': " + name);
        }
        if (publicKey == null || publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        if (type != ED25519 && type != COSIGNATURE_V1) {
            throw new IllegalArgumentException("unsupported note key type " + type);
        }
        publicKey = publicKey.clone();
    }

    public static NoteKey ofSeed(String name, byte type, byte[] seed) {
        return new NoteKey(name, type, Ed25519Keys.publicKeyOf(seed));
    }

    public byte[] keyId() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[n.length + 2 + publicKey.length];
        System.arraycopy(n, 0, buf, 0, n.length);
        buf[n.length] = '\n';
        buf[n.length + 1] = type;
        System.arraycopy(publicKey, 0, buf, n.length + 2, publicKey.length);
        return Arrays.copyOf(Hashes.sha256(buf), 4);
    }

    public String verifierKey() {
        byte[] typed = new byte[33];
        typed[0] = type;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** Parses a verifier key text; the embedded key id must match the one derived from name and key. */
    public static NoteKey parseVerifierKey(String vkey) {
        String[] parts = vkey == null ? new String[0] : vkey.trim().split("\\+", 3);  // base64 may contain +
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key looks like name+keyid+base64key");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verifier key: the key part is not base64");
        }
        if (typed.length != 33) {
            throw new IllegalArgumentException("verifier key: expected a type byte and a 32-byte Ed25519 key");
        }
        NoteKey key = new NoteKey(parts[0], typed[0], Arrays.copyOfRange(typed, 1, 33));
        if (!HexFormat.of().formatHex(key.keyId()).equals(parts[1].toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("verifier key: key id " + parts[1] + " does not match name and key");
        }
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteKey k && k.name.equals(name) && k.type == type && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
