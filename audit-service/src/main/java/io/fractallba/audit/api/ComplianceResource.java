package io.fractallba.audit.api;

import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import io.fractallba.audit.compliance.ComplianceReport;
import io.fractallba.audit.runtime.AuditRuntime;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

@Path("/v1/audit/compliance")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceResource {

    private final AuditRuntime audit;
    public ComplianceResource(AuditRuntime audit) {
        this.audit = audit;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.REPLICATOR})
    @Operation(summary = "Compliance evidence computed from the log; verify=true recomputes the whole log first")
    public Map<String, Object> report(@QueryParam("verify") @DefaultValue("false") boolean verify) throws SQLException {
        Optional<io.fractallba.audit.proof.IntegrityScan.Result> scan = verify ? Optional.of(audit.scanNow()) : audit.lastScan();
        return ComplianceReport.build(audit.issuer().origin(), audit.store(), scan, audit.tamperAlarm(),
                audit.anchorNames(), Instant.now());
    }
}
