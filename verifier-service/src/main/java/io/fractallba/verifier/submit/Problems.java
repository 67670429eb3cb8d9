package io.fractallba.verifier.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.verifier.screening.Screened;
import jakarta.enterprise.context.ApplicationScoped;

/** The verifier's problem+json answers, one stable type per error (listed in docs/api.md). */
@ApplicationScoped
public class Problems {

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    SubmitResult tooLarge(int size, int limit) {
        return build(Problem.of("body-too-large", "Body too large", 413,
                "body of " + size + " bytes exceeds the limit of " + limit + " bytes"), "too_large", 0);
    }

    SubmitResult unknownTenant() {
        return build(Problem.of("unknown-tenant", "Unknown or disabled tenant", 401,
                "the tenant named by X-Tenant-Id is not known or is disabled (requests without the header need a default tenant)"),
                "unknown_tenant", 0);
    }

    SubmitResult rateLimited(String why, long retryAfter) {
        return build(Problem.of("rate-limited", "Too many requests", 429, why), "rate_limited", retryAfter);
    }

    SubmitResult walUnavailable(String why) {
        return build(Problem.of("wal-unavailable", "Write-ahead log unavailable", 503,
                "the submission could not be made durable: " + why), "unavailable", 1);
    }

    SubmitResult dedupUnavailable(int retryAfter) {
        return build(Problem.of("dedup-unavailable", "Dedup store unavailable", 503,
                "the dedup store cannot be reached; retry later with the same submission, it will be answered once"), "unavailable", retryAfter);
    }

    /** The tenant's policy is not known on this replica yet (docs/policies.md): fail closed, nothing decided. */
    public SubmitResult policyUnavailable(String why) {
        return build(policyProblem(why), "unavailable", 2);
    }

    public static Problem policyProblem(String why) {
        return Problem.of("policy-unavailable", "Policy not loaded", 503,
                why + "; nothing was decided, retry with the same submission");
    }

    SubmitResult outboxFull() {
        return build(Problem.of("publish-backlog-full", "Event backlog full", 503,
                "too many events are waiting for the message broker; nothing was recorded, retry later"), "unavailable", 5);
    }

    SubmitResult badRequest(PcsParseException e) {
        int status = e.problem() == io.fractallba.pcs.json.ParseProblem.TOO_LARGE ? 413 : 400;
        Problem p = Problem.of(e.problem().slug(), status == 413 ? "Body too large" : "Malformed PCS", status, e.getMessage());
        return build(e.field() == null ? p : p.withField(e.field()), status == 413 ? "too_large" : "bad_request", 0);
    }

    /**
     * The tenant's policy blocks PII in what agents attach, or redacts it but found it in a signed member (which
     * cannot be redacted without breaking the signature): 422, nothing stored. Names kinds and paths, never values.
     */
    public SubmitResult piiBlocked(Screened s) {
        String why = s.mode() == io.fractallba.policy.PiiMode.BLOCK
                ? "the tenant's policy blocks personal data and secrets in submissions"
                : "the tenant's policy redacts personal data, but some is in a signed member, which cannot be redacted "
                        + "without breaking the signature";
        Problem p = Problem.of("pii-blocked", "Personal data or secret in the submission", 422,
                why + ": " + s.where() + "; nothing was stored. Remove it and submit again.");
        return build(s.findings().isEmpty() ? p : p.withField(s.findings().get(0).path()), "pii_blocked", 0);
    }

    SubmitResult badSignature() {
        return build(Problem.of("bad-signature", "Signature verification failed", 401,
                "no key of this tenant valid now verifies the signature"), "bad_signature", 0);
    }

    SubmitResult build(Problem p, String metricResult, long retryAfter) {
        return SubmitResult.problem(p, metricResult, retryAfter, json(p));
    }

    public byte[] json(Problem p) {
        try {
            return mapper.writeValueAsBytes(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a problem", e);
        }
    }
}
