package io.fractallba.audit.anchor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.log.StoredCheckpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Appends each checkpoint as one NDJSON line to {@code checkpoints.ndjson} and fsyncs it (for WORM storage mounts). */
public final class FileAnchor implements Anchor {

    private final Path file;
    private final ObjectMapper mapper;

    public FileAnchor(Path dir, ObjectMapper mapper) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("checkpoints.ndjson");
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public synchronized String anchor(StoredCheckpoint cp) throws IOException {
        byte[] line = (mapper.writeValueAsString(Map.of("tree_size", cp.treeSize(), "note", cp.note(),
                "issued_at", cp.issuedAt().toString())) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long at = ch.size();
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
            return file + "@" + at;
        }
    }
}
