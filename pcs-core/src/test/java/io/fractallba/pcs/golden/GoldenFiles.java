package io.fractallba.pcs.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared/golden (next to the project root) for tests in any module. The system property
 * {@code flk.shared.dir} wins; otherwise the folders above the working directory are searched.
 */
public final class GoldenFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenFiles() {
    }

    public static Path dir() {
        String configured = System.getProperty("flk.shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "golden"))) {
            return Path.of(configured, "golden").toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("golden");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/golden not found above " + Path.of("").toAbsolutePath());
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return MAPPER.readTree(dir().resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
