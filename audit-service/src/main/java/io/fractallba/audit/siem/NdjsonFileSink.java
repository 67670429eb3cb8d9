package io.fractallba.audit.siem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends events as NDJSON (one object per line) and fsyncs, for a log shipper to tail. */
public final class NdjsonFileSink implements SiemSink {

    private final Path file;

    public NdjsonFileSink(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.file = file;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void send(List<String> jsonEvents) throws IOException {
        StringBuilder sb = new StringBuilder();
        jsonEvents.forEach(e -> sb.append(e).append('\n'));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
