package io.fractallba.policy.pii;

import java.util.Objects;

/**
 * One detected value: {@code [start, end)} are char (UTF-16) offsets into the scanned string, {@code detail} the
 * sub-type code ({@code visa}, {@code ipv6}, {@code nl_bsn}, {@code aws_access_key_id}, …).
 */
public record PiiMatch(PiiKind kind, int start, int end, String detail) {

    public PiiMatch {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    boolean overlaps(PiiMatch other) {
        return start < other.end && other.start < end;
    }
}
