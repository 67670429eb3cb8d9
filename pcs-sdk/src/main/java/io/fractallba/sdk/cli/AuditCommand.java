package io.fractallba.sdk.cli;

import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.ProofException;
import io.fractallba.pcs.tlog.ProofVerifier;
import io.fractallba.sdk.audit.AuditClient;
import io.fractallba.sdk.audit.LogAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code pcs audit}: verify an audit log from the outside with nothing but its public key. Every command exits 0 when
 * everything verified, 1 when something did not (tampering or a lying server), 2 on bad input or an unreachable
 * service.
 */
@Command(name = "audit", description = "Verify the audit log: checkpoint signatures, inclusion and consistency "
        + "proofs, or the whole log. Exit 0 verified, 1 verification failed, 2 bad input or service unreachable.",
        subcommands = {AuditCommand.CheckpointCmd.class, AuditCommand.InclusionCmd.class,
                AuditCommand.ConsistencyCmd.class, AuditCommand.LogCmd.class})
final class AuditCommand {

    static final class LogOptions {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8082", description = "audit-service base URL (default: ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--key", required = true, description = "the log's verifier key (name+keyid+base64), "
                + "or @file containing it")
        String key;

        @Option(names = "--origin", description = "expected checkpoint origin (default: not checked)")
        String origin;

        @Option(names = "--token", defaultValue = "${env:FLK_TOKEN}", description = "bearer token for entry contents "
                + "(inclusion by tenant/pcs-id: tenant-reader; log: operator); default: the FLK_TOKEN environment variable")
        String token;

        NoteKey noteKey() throws IOException {
            String k = key.startsWith("@") ? Files.readString(Path.of(key.substring(1))).trim() : key;
            return NoteKey.parseVerifierKey(k);
        }

        AuditClient client() {
            return new AuditClient(url, token);
        }
    }

    /** Shared error handling: verification failures → 1, input and I/O problems → 2. */
    abstract static class Base implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        LogOptions opts = new LogOptions();

        @Override
        public Integer call() {
            try {
                return run(opts);
            } catch (ProofException e) {
                System.out.println("FAILED: " + e.getMessage());
                return 1;
            } catch (NoSuchFileException e) {
                System.err.println("error: no such file: " + e.getFile());
                return 2;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }

        abstract int run(LogOptions o) throws IOException, ProofException;
    }

    @Command(name = "checkpoint", description = "Verify a checkpoint's signature: the latest served one, or a saved note.")
    static final class CheckpointCmd extends Base {
        @Option(names = "--file", description = "a saved signed note to verify offline instead of fetching one")
        Path file;

        @Override
        int run(LogOptions o) throws IOException, ProofException {
            String note = file != null ? Files.readString(file, StandardCharsets.UTF_8) : o.client().latestNote();
            Checkpoint cp = Checkpoint.verify(note, o.noteKey(), o.origin);
            System.out.printf("checkpoint OK: origin %s, tree size %d, root %s%n", cp.origin(), cp.size(),
                    HexFormat.of().formatHex(cp.root()));
            return 0;
        }
    }

    @Command(name = "inclusion", description = "Prove that an entry is in the log: by index or by tenant and pcs_id, "
            + "against the latest checkpoint or a saved one.")
    static final class InclusionCmd extends Base {
        @Option(names = "--index", description = "leaf index")
        Long index;

        @Option(names = "--tenant")
        String tenant;

        @Option(names = "--pcs-id")
        String pcsId;

        @Option(names = "--checkpoint-file", description = "saved signed note to prove against (default: latest)")
        Path checkpointFile;

        @Override
        int run(LogOptions o) throws IOException, ProofException {
            if ((index == null) == (tenant == null || pcsId == null)) {
                throw new IllegalArgumentException("give either --index or both --tenant and --pcs-id");
            }
            AuditClient c = o.client();
            String note = checkpointFile != null ? Files.readString(checkpointFile) : c.latestNote();
            Checkpoint cp = Checkpoint.verify(note, o.noteKey(), o.origin);
            AuditClient.Entry e = index != null ? c.entry(index) : c.entry(tenant, pcsId);
            if (e.index() >= cp.size()) {
                System.out.printf("entry %d is newer than checkpoint %d; retry after the next checkpoint%n", e.index(), cp.size());
                return 1;
            }
            ProofVerifier.verifyInclusion(e.index(), cp.size(), MerkleHashes.leafHash(e.leaf()),
                    c.inclusion(e.index(), cp.size()), cp.root());
            System.out.printf("inclusion OK: entry %d (%s/%s) is in the log of size %d signed by %s%n", e.index(),
                    e.tenant(), e.pcsId(), cp.size(), o.noteKey().name());
            System.out.println("  leaf: " + new String(e.leaf(), StandardCharsets.UTF_8));
            return 0;
        }
    }

    @Command(name = "consistency", description = "Prove that the log only grew since an older checkpoint "
            + "(a saved note, or a served size) up to the latest one.")
    static final class ConsistencyCmd extends Base {
        @Option(names = "--old", description = "saved signed note of the older checkpoint")
        Path old;

        @Option(names = "--first", description = "older tree size (its served checkpoint is verified)")
        Long first;

        @Override
        int run(LogOptions o) throws IOException, ProofException {
            AuditClient c = o.client();
            NoteKey key = o.noteKey();
            Checkpoint older;
            if (old != null) {
                older = Checkpoint.verify(Files.readString(old), key, o.origin);
            } else if (first != null) {
                var served = c.checkpoints(first, 1, key, o.origin);
                if (served.isEmpty() || served.get(0).checkpoint().size() != first) {
                    throw new IllegalArgumentException("the log serves no checkpoint of size " + first);
                }
                older = served.get(0).checkpoint();
            } else {
                throw new IllegalArgumentException("give --old FILE or --first SIZE");
            }
            Checkpoint newer = c.latest(key, o.origin).checkpoint();
            if (older.size() == 0) {
                System.out.println("consistency OK: the empty log is a prefix of every log");
                return 0;
            }
            ProofVerifier.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(),
                    c.consistency(older.size(), newer.size()));
            System.out.printf("consistency OK: the log of size %d extends the one of size %d without rewriting it%n",
                    newer.size(), older.size());
            return 0;
        }
    }

    @Command(name = "log", description = "Audit the whole log: every checkpoint signature, every leaf hash, every "
            + "checkpointed root recomputed, every consecutive consistency proof; names the first bad index.")
    static final class LogCmd extends Base {
        @Override
        int run(LogOptions o) throws IOException, ProofException {
            LogAudit.Result r = new LogAudit(o.client(), o.noteKey(), o.origin, System.err).run();
            if (r.ok()) {
                System.out.printf("log OK: %d leaves recomputed, %d checkpoints verified%n", r.leaves(),
                        r.verifiedCheckpoints().size());
                return 0;
            }
            System.out.printf("log FAILED: %d leaves read, %d of %d checkpoints verified%n", r.leaves(),
                    r.verifiedCheckpoints().size(), r.checkpoints());
            r.firstBadIndex().ifPresent(i -> System.out.println("first bad index: " + i));
            r.problems().forEach(p -> System.out.println("  - " + p));
            return 1;
        }
    }
}
