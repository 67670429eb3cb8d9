package io.fractallba.verifier.wal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What the WAL keeps of a request: tenant, key-id hint, receipt time and the raw body. No secrets. */
public record InboxEntry(String tenant, String keyIdHint, long receivedAtMillis, byte[] body) {

    private static final int NO_HINT = 0xFFFF;

    byte[] encode() {
        byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
        byte[] k = keyIdHint == null ? new byte[0] : keyIdHint.getBytes(StandardCharsets.UTF_8);
        if (t.length >= NO_HINT || k.length >= NO_HINT) {
            throw new IllegalArgumentException("tenant or key id too long");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + t.length + 2 + k.length + 8 + body.length);
        b.putShort((short) t.length).put(t);
        b.putShort((short) (keyIdHint == null ? NO_HINT : k.length)).put(k);
        b.putLong(receivedAtMillis).put(body);
        return b.array();
    }

    static InboxEntry decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        byte[] t = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(t);
        int kl = Short.toUnsignedInt(b.getShort());
        String hint = null;
        if (kl != NO_HINT) {
            byte[] k = new byte[kl];
            b.get(k);
            hint = new String(k, StandardCharsets.UTF_8);
        }
        long at = b.getLong();
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new InboxEntry(new String(t, StandardCharsets.UTF_8), hint, at, body);
    }
}
