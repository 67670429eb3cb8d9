package io.fractallba.pcs.tlog;

/** Where proof generation reads perfect-subtree hashes from: a database, a frontier, or a list of leaves in tests. */
@FunctionalInterface
public interface SubtreeHashes {

    /** The hash of a perfect subtree the log already holds completely. */
    byte[] node(NodeId id);
}
