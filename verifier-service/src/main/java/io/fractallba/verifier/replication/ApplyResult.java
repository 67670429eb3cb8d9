package io.fractallba.verifier.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What became of one shipped record. {@code applied}: stored here first and published; {@code republished}: this
 * region already holds this very copy (an earlier attempt stored it), its event is published again, which consumers
 * absorb; {@code present}: this region holds its own record with the same outcome, nothing applied; {@code conflict}:
 * this region holds a record with a different outcome, or decides the document differently from the shipped outcome,
 * nothing applied (the shipper reports it); {@code refused}: the
 * record is not acceptable here (reason says why), nothing applied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplyResult(@JsonProperty("key") String key, @JsonProperty("result") String result,
                          @JsonProperty("reason") String reason, @JsonProperty("local_status") Integer localStatus) {

    public static ApplyResult of(String key, String result) {
        return new ApplyResult(key, result, null, null);
    }

    public static ApplyResult refused(String key, String reason) {
        return new ApplyResult(key, "refused", reason, null);
    }
}
