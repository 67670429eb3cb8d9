package io.fractallba.pcs.crypto;

/** pcs_id = sha256_hex(utf8(merkle_root + "|" + epoch + "|" + shard_id)), docs/contract.md §1. */
public final class PcsIds {

    private PcsIds() {
    }

    public static String compute(String merkleRoot, long epoch, String shardId) {
        return Hashes.sha256Hex(merkleRoot + "|" + epoch + "|" + shardId);
    }
}
