package io.fractallba.pcs.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's golden vectors, {@code contract/golden} at the repository root, for tests in any module:
 * the system property {@code flk.golden.dir} (set by the parent pom) wins; otherwise the folders above the working
 * directory are searched.
 */
public final class GoldenFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenFiles() {
    }

    public static Path dir() {
        String configured = System.getProperty("flk.golden.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("contract").resolve("golden");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("contract/golden not found above " + Path.of("").toAbsolutePath());
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
