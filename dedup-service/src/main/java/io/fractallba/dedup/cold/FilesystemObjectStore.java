package io.fractallba.dedup.cold;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Objects as files in one directory: written to a temporary file, fsynced, then atomically renamed into place. */
public final class FilesystemObjectStore implements ObjectStore {

    private final Path dir;

    public FilesystemObjectStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        Path target = path(name);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notSupported) {
            // directory fsync is not possible on every filesystem; the rename is still atomic
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(path(name));
    }

    private Path path(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("bad object name " + name);
        }
        return dir.resolve(name);
    }
}
