package io.fractallba.audit.api;

import io.fractallba.security.Caller;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import io.fractallba.pcs.token.Roles;
import io.fractallba.http.ApiProblem;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.log.StoredLeaf;
import io.fractallba.audit.runtime.AuditRuntime;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

/** The log's read API: checkpoints, entries and proofs (docs/audit.md). Thin: all logic is in the domain classes. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_PAGE = 1000;

    private final AuditRuntime audit;
    private final Caller caller;

    public AuditResource(AuditRuntime audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    public record CheckpointView(long tree_size, String root, String note, String issued_at) {
        static CheckpointView of(StoredCheckpoint c) {
            return new CheckpointView(c.treeSize(), b64(c.root()), c.note(), c.issuedAt().toString());
        }
    }

    public record EntryView(long index, String tenant, String pcs_id, String leaf, String leaf_hash, String appended_at) {
        static EntryView of(StoredLeaf l) {
            return new EntryView(l.index(), l.tenant(), l.pcsId(), new String(l.leaf(), StandardCharsets.UTF_8),
                    b64(l.leafHash()), l.appendedAt().toString());
        }
    }

    public record InclusionView(long index, long tree_size, String leaf_hash, List<String> proof) {
    }

    public record ConsistencyView(long first, long second, List<String> proof) {
    }

    @GET
    @Path("/checkpoint")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Latest checkpoint as a C2SP signed note")
    public String latestNote() throws SQLException {
        return latest().note();
    }

    @GET
    @Path("/key")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The log's checkpoint verifier key (name+keyid+base64); distribute it out of band too")
    public String key() {
        return audit.issuer().signer().key().verifierKey();
    }

    @GET
    @Path("/checkpoint.json")
    @PermitAll
    @Operation(summary = "Latest checkpoint with its root and issue time")
    public CheckpointView latestJson() throws SQLException {
        return CheckpointView.of(latest());
    }

    @GET
    @Path("/checkpoints")
    @PermitAll
    @Operation(summary = "Checkpoints with tree size ≥ from, smallest first")
    public List<CheckpointView> checkpoints(@QueryParam("from") @DefaultValue("0") long from,
                                            @QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        return audit.store().checkpoints(from, page(limit)).stream().map(CheckpointView::of).toList();
    }

    @GET
    @Path("/entries/{index}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR, Roles.SERVICE})
    @Operation(summary = "Entry by leaf index")
    public EntryView entry(@PathParam("index") long index) throws SQLException {
        // Another tenant's entry is "not found" too: the index alone must not tell whose it is.
        return audit.store().leaf(index).filter(l -> caller.scope().sees(l.tenant())).map(EntryView::of)
                .orElseThrow(() -> ApiProblem.notFound("no entry at index " + index + " in your tenants"));
    }

    @GET
    @Path("/entries/{tenant}/{pcs_id}")
    @RolesAllowed({Roles.TENANT_READER, Roles.OPERATOR, Roles.SERVICE})
    @Operation(summary = "Entry by (tenant, pcs_id)")
    public EntryView entry(@PathParam("tenant") String tenant, @PathParam("pcs_id") String pcsId) throws SQLException {
        caller.requireTenant(tenant);
        return audit.store().leaf(tenant, pcsId).map(EntryView::of)
                .orElseThrow(() -> ApiProblem.notFound("no entry for " + tenant + "/" + pcsId));
    }

    @GET
    @Path("/entries")
    @RolesAllowed({Roles.OPERATOR, Roles.SERVICE})
    @Operation(summary = "Entries [from, from + limit) in index order, for auditors")
    public List<EntryView> entries(@QueryParam("from") @DefaultValue("0") long from,
                                   @QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        if (from < 0) {
            throw ApiProblem.badRequest("from", "from must be ≥ 0");
        }
        return audit.store().leaves(from, page(limit)).stream().map(EntryView::of).toList();
    }

    @GET
    @Path("/proof/inclusion")
    @PermitAll
    @Operation(summary = "Inclusion proof of a leaf in the tree of a given size (default: latest checkpoint)")
    public InclusionView inclusion(@QueryParam("index") Long index, @QueryParam("tree_size") Long treeSize)
            throws SQLException {
        if (index == null || index < 0) {
            throw ApiProblem.badRequest("index", "index is required and must be ≥ 0");
        }
        long size = checkedSize(treeSize);
        if (index >= size) {
            throw ApiProblem.badRequest("index", "leaf " + index + " is not in the tree of size " + size);
        }
        StoredLeaf leaf = audit.store().leaf(index).orElseThrow(() -> ApiProblem.notFound("no entry at index " + index));
        Timer.Sample t = Timer.start();
        List<String> proof = audit.proofs().inclusion(index, size).stream().map(AuditResource::b64).toList();
        t.stop(audit.metrics().proofTimer("inclusion"));
        audit.proofServed(leaf.tenant());
        return new InclusionView(index, size, b64(leaf.leafHash()), proof);
    }

    @GET
    @Path("/proof/consistency")
    @PermitAll
    @Operation(summary = "Consistency proof between two tree sizes")
    public ConsistencyView consistency(@QueryParam("first") Long first, @QueryParam("second") Long second)
            throws SQLException {
        if (first == null || first < 1) {
            throw ApiProblem.badRequest("first", "first is required and must be ≥ 1");
        }
        long size = checkedSize(second);
        if (first > size) {
            throw ApiProblem.badRequest("first", "first (" + first + ") must not exceed second (" + size + ")");
        }
        Timer.Sample t = Timer.start();
        List<String> proof = audit.proofs().consistency(first, size).stream().map(AuditResource::b64).toList();
        t.stop(audit.metrics().proofTimer("consistency"));
        return new ConsistencyView(first, size, proof);
    }

    /** Proofs are served against signed state only: sizes up to the latest checkpoint. */
    private long checkedSize(Long requested) throws SQLException {
        long latest = latest().treeSize();
        if (requested == null) {
            return latest;
        }
        if (requested < 1 || requested > latest) {
            throw ApiProblem.badRequest("tree_size", "tree size must be between 1 and the latest checkpoint's " + latest);
        }
        return requested;
    }

    private StoredCheckpoint latest() throws SQLException {
        return audit.store().latestCheckpoint().orElseThrow(() -> ApiProblem.notFound("no checkpoint issued yet"));
    }

    private static int page(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.badRequest("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

}
