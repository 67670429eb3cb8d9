package io.fractallba.verifier.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * On-disk framing of one WAL record: magic (1) | type (1) | payload length (4) | sequence (8) | CRC32C (4) | payload.
 * The CRC covers type, sequence and payload, so a torn or overwritten record is detected, never mis-parsed.
 */
final class WalRecordFormat {

    static final byte MAGIC = (byte) 0xF1;
    static final byte TYPE_INBOX = 1;
    static final byte TYPE_DONE = 2;
    static final int HEADER_BYTES = 18;
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private WalRecordFormat() {
    }

    static int size(byte[] payload) {
        return HEADER_BYTES + payload.length;
    }

    static void write(ByteBuffer out, byte type, long seq, byte[] payload) {
        out.put(MAGIC).put(type).putInt(payload.length).putLong(seq).putInt(crc(type, seq, payload)).put(payload);
    }

    static int crc(byte type, long seq, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(type);
        ByteBuffer s = ByteBuffer.allocate(8).putLong(0, seq);
        crc.update(s);
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** A decoded record, or null at a clean end of data. Throws {@link TornRecordException} for a bad one. */
    static Record read(ByteBuffer in) throws TornRecordException {
        if (!in.hasRemaining()) {
            return null;
        }
        int start = in.position();
        if (in.remaining() < HEADER_BYTES) {
            throw new TornRecordException(start, "truncated header");
        }
        byte magic = in.get();
        byte type = in.get();
        int length = in.getInt();
        long seq = in.getLong();
        int crc = in.getInt();
        if (magic != MAGIC || (type != TYPE_INBOX && type != TYPE_DONE) || length < 0 || length > MAX_PAYLOAD) {
            throw new TornRecordException(start, "bad header");
        }
        if (in.remaining() < length) {
            throw new TornRecordException(start, "truncated payload");
        }
        byte[] payload = new byte[length];
        in.get(payload);
        if (crc(type, seq, payload) != crc) {
            throw new TornRecordException(start, "checksum mismatch");
        }
        return new Record(type, seq, payload);
    }

    record Record(byte type, long seq, byte[] payload) {
    }

    static final class TornRecordException extends Exception {
        final int offset;

        TornRecordException(int offset, String why) {
            super(why + " at offset " + offset, null, false, false);
            this.offset = offset;
        }
    }
}
