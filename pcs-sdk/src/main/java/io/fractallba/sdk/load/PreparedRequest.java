package io.fractallba.sdk.load;

/** One request of a workload: body, tenant header (null = none) and what kind of request it is. */
public record PreparedRequest(byte[] body, String tenant, String kind, String eventKey) {
}
