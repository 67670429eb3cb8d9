package io.fractallba.policy.pii;

import java.util.Objects;

/**
 * That a value of some kind was found, and where: {@code path} is the JSON path of the string value ({@code text},
 * {@code citations[0].text}, {@code usage.model}, {@code shard_id}). Findings are logged and sent in events, so they
 * never carry the matched value; a member name that is not a plain identifier, or that itself looks like PII, is
 * written {@code *} in the path for the same reason. {@code signed}: the value is part of the signed payload
 * ({@code shard_id}) and cannot be redacted without breaking the signature.
 */
public record PiiFinding(PiiKind kind, String detail, String path, boolean signed) {

    public PiiFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(path, "path");
    }
}
