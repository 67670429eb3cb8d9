package io.fractallba.audit.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.SignedNote;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks a peer region's audit-service to cosign a checkpoint. The peer only cosigns after checking a consistency
 * proof from the last checkpoint it cosigned for this log (it answers 409 with its size when ours is stale, and we
 * retry once from there), so a peer's cosignature means "this log did not fork or rewrite history since". The
 * receipt is the cosigned note, verified with the peer's cosignature key before it is accepted.
 */
public final class WitnessAnchor implements Anchor {

    private final String peer;
    private final URI endpoint;
    private final NoteKey peerKey;
    private final LogStore store;
    private final ProofService proofs;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public WitnessAnchor(String peer, String baseUrl, String peerVerifierKey, LogStore store, ProofService proofs,
                         ObjectMapper mapper) {
        this.peer = peer;
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/witness/add-checkpoint");
        this.peerKey = NoteKey.parseVerifierKey(peerVerifierKey);
        this.store = store;
        this.proofs = proofs;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "witness:" + peer;
    }

    @Override
    public String anchor(StoredCheckpoint cp) throws Exception {
        long old = store.lastAnchored(name());
        HttpResponse<String> response = post(old, cp);
        if (response.statusCode() == 409) {
            JsonNode body = mapper.readTree(response.body());
            if (body.hasNonNull("witness_size")) {
                response = post(body.get("witness_size").asLong(), cp);
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("witness " + peer + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        String cosigned = mapper.readTree(response.body()).path("cosigned_note").asText();
        SignedNote note = SignedNote.parse(cosigned);
        if (!note.text().equals(SignedNote.parse(cp.note()).text())) {
            throw new IllegalStateException("witness " + peer + " cosigned a different checkpoint");
        }
        NoteSigner.verify(note, peerKey);
        return cosigned;
    }

    private HttpResponse<String> post(long old, StoredCheckpoint cp) throws Exception {
        if (old > cp.treeSize()) {
            throw new IllegalStateException("witness " + peer + " has cosigned size " + old + ", beyond " + cp.treeSize());
        }
        List<String> proof = old > 0 && old < cp.treeSize()
                ? proofs.consistency(old, cp.treeSize()).stream().map(Base64.getEncoder()::encodeToString).toList()
                : List.of();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("old_size", old);
        body.put("proof", proof);
        body.put("checkpoint", cp.note());
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
