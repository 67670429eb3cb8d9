package io.fractallba.verifier.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Read-only view of every INBOX record in a WAL directory (finished or not), for operators and audits. */
public final class WalInspector {

    private WalInspector() {
    }

    public static List<InboxEntry> inboxRecords(Path dir) throws IOException {
        TreeMap<String, Path> segments = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "inbox-*.wal")) {
            files.forEach(f -> segments.put(f.getFileName().toString(), f));
        }
        List<InboxEntry> out = new ArrayList<>();
        for (Path segment : segments.values()) {
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(segment));
            try {
                for (WalRecordFormat.Record r = WalRecordFormat.read(data); r != null; r = WalRecordFormat.read(data)) {
                    if (r.type() == WalRecordFormat.TYPE_INBOX) {
                        out.add(InboxEntry.decode(r.payload()));
                    }
                }
            } catch (WalRecordFormat.TornRecordException e) {
                // a torn tail ends the segment, exactly as on recovery
            }
        }
        return out;
    }
}
