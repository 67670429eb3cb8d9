package io.fractallba.pcs.dedup;

/** The hot tier's Redis key of a (tenant, pcs_id), shared by the verifier and the dedup-service. */
public final class DedupKeys {

    private DedupKeys() {
    }

    public static String redisKey(String tenant, String pcsId) {
        // Tenant-scoped (docs/contract.md §5 fix); the length prefix keeps "a/b"+"c" apart from "a"+"b/c".
        return "flk:dedup:" + tenant.length() + ":" + tenant + ":" + pcsId;
    }
}
