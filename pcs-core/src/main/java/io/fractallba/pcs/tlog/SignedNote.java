package io.fractallba.pcs.tlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A note in the C2SP signed-note format: UTF-8 text ending in a newline, a blank line, then one or more signature
 * lines {@code — <key name> <base64(key id ‖ signature)>}. Only the text is signed.
 */
public record SignedNote(String text, List<Signature> signatures) {

    static final String DASH = "\u2014 ";

    public record Signature(String keyName, byte[] keyId, byte[] signature) {

        String line() {
            byte[] blob = new byte[keyId.length + signature.length];
            System.arraycopy(keyId, 0, blob, 0, keyId.length);
            System.arraycopy(signature, 0, blob, keyId.length, signature.length);
            return DASH + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        }
    }

    public SignedNote {
        checkText(text);
        signatures = List.copyOf(signatures);
    }

    public SignedNote withSignature(Signature s) {
        List<Signature> all = new ArrayList<>(signatures);
        all.add(s);
        return new SignedNote(text, all);
    }

    public String format() {
        StringBuilder sb = new StringBuilder(text).append('\n');
        for (Signature s : signatures) {
            sb.append(s.line());
        }
        return sb.toString();
    }

    public static SignedNote parse(String note) throws ProofException {
        if (note == null) {
            throw new ProofException("no note");
        }
        int sep = note.lastIndexOf("\n\n");
        if (sep < 0 || !note.endsWith("\n")) {
            throw new ProofException("malformed note: no blank line before the signatures, or no final newline");
        }
        String text = note.substring(0, sep + 1);
        try {
            checkText(text);
        } catch (IllegalArgumentException e) {
            throw new ProofException("malformed note: " + e.getMessage());
        }
        List<Signature> sigs = new ArrayList<>();
        for (String line : note.substring(sep + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                throw new ProofException("malformed note: signature line does not start with an em dash");
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new ProofException("malformed note: signature line is not '— name signature'");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new ProofException("malformed note: signature is not base64");
            }
            if (blob.length < 5) {
                throw new ProofException("malformed note: signature too short");
            }
            sigs.add(new Signature(parts[0], java.util.Arrays.copyOf(blob, 4),
                    java.util.Arrays.copyOfRange(blob, 4, blob.length)));
        }
        if (sigs.isEmpty()) {
            throw new ProofException("note has no signature");
        }
        return new SignedNote(text, sigs);
    }

    public byte[] textBytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void checkText(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("note text contains a control character");
            }
        }
    }
}
