package io.fractallba.dedup.cold;

import java.io.IOException;

/** Where cold segments live: the shape of an object store (S3, GCS, …) so a cloud implementation can replace the filesystem one. */
public interface ObjectStore {

    /** Stores the object durably under {@code name}; an existing object of that name is never replaced. */
    void put(String name, byte[] content) throws IOException;

    byte[] get(String name) throws IOException;

    void delete(String name) throws IOException;
}
