package io.fractallba.pcs.canonical;

import java.nio.charset.StandardCharsets;

/**
 * The byte-exact signature payload of docs/contract.md §2: the eight signed fields, numbers rounded to 9 decimals,
 * keys in code-point order, compact separators, Python float and string formatting, UTF-8.
 */
public final class SignaturePayload {

    private SignaturePayload() {
    }

    public static String text(SignedFields f) {
        StringBuilder out = new StringBuilder(256);
        // Keys in code-point order: D_hat, budget, coh_star, epoch, merkle_root, pcs_id, r, shard_id.
        out.append("{\"D_hat\":");
        PyFloat.appendRepr(out, PyFloat.round9(f.dHat()));
        out.append(",\"budget\":");
        PyFloat.appendRepr(out, PyFloat.round9(f.budget()));
        out.append(",\"coh_star\":");
        PyFloat.appendRepr(out, PyFloat.round9(f.cohStar()));
        out.append(",\"epoch\":").append(f.epoch());
        out.append(",\"merkle_root\":");
        PyJsonString.append(out, f.merkleRoot());
        out.append(",\"pcs_id\":");
        PyJsonString.append(out, f.pcsId());
        out.append(",\"r\":");
        PyFloat.appendRepr(out, PyFloat.round9(f.r()));
        out.append(",\"shard_id\":");
        PyJsonString.append(out, f.shardId());
        out.append('}');
        return out.toString();
    }

    public static byte[] bytes(SignedFields f) {
        return text(f).getBytes(StandardCharsets.UTF_8);
    }
}
