package io.fractallba.verifier.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.PolicyChange;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This replica's last read of the policy topic, kept next to its WAL: every change in order and the offset read up
 * to per partition. A replica restarting while the broker is away decides from it (no publication can happen while
 * the broker is away, so it is what this replica last knew), then resumes the topic from those offsets. A replica
 * without one — its first start — waits for the broker (503) rather than guess.
 */
final class CatalogSnapshot {

    /** The file's content, for one topic (another topic's snapshot is ignored). Offsets keyed "topic/partition". */
    record Content(@JsonProperty("topic") String topic,
                   @JsonProperty("changes") List<PolicyChange> changes,
                   @JsonProperty("offsets") Map<String, Long> offsets,
                   @JsonProperty("written_at") String writtenAt) {
    }

    private final Path file;
    private final ObjectMapper mapper;

    CatalogSnapshot(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    Path file() {
        return file;
    }

    Optional<Content> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(mapper.readValue(file.toFile(), Content.class));
    }

    /** Written whole to a temporary file, forced to disk and renamed over the old one: never half a snapshot. */
    void write(Content content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, mapper.writeValueAsBytes(content));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
