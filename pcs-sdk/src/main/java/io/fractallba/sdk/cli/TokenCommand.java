package io.fractallba.sdk.cli;

import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.token.TokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Bearer tokens for the suite's APIs (docs/security.md): an issuer key pair, and tokens signed with it. */
@Command(name = "token", description = "Issue bearer tokens for the services' APIs (docs/security.md). Exit 0 ok, 2 error.",
        subcommands = {TokenCommand.IssueCmd.class, TokenCommand.KeygenCmd.class})
final class TokenCommand {

    @Command(name = "issue", description = "Print a signed token (for 'Authorization: Bearer <token>' or FLK_TOKEN).")
    static final class IssueCmd implements Callable<Integer> {
        @Option(names = "--issuer-key", required = true, description = "the issuer's private JWK file (pcs token keygen)")
        Path key;

        @Option(names = "--role", required = true, split = ",",
                description = "role(s): agent, tenant-reader, analyst, operator, replicator, service")
        List<String> roles;

        @Option(names = "--tenant", split = ",", defaultValue = "*",
                description = "tenant(s) the token covers, or * for all (default: ${DEFAULT-VALUE})")
        List<String> tenants;

        @Option(names = "--subject", defaultValue = "${sys:user.name}", description = "who the token is for (default: ${DEFAULT-VALUE})")
        String subject;

        @Option(names = "--ttl", defaultValue = "PT15M", description = "lifetime, ISO-8601, at most PT1H (default: ${DEFAULT-VALUE})")
        Duration ttl;

        @Option(names = "--issuer", defaultValue = Roles.DEFAULT_ISSUER, description = "iss claim (default: ${DEFAULT-VALUE})")
        String issuer;

        @Override
        public Integer call() {
            try {
                System.out.println(TokenIssuer.fromFile(key, issuer).issue(subject, roles, tenants, ttl));
                return 0;
            } catch (Exception e) {
                System.err.println("pcs token issue: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "keygen", description = "Write a new issuer key pair: <dir>/issuer.private.jwk.json (keep secret) "
            + "and <dir>/jwks.json (give to every service as its issuer keys).")
    static final class KeygenCmd implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "directory to write the two files into")
        Path dir;

        @Option(names = "--kid", required = true, description = "key id, e.g. issuer-2026-12 (rotation picks keys by it)")
        String kid;

        @Override
        public Integer call() {
            try {
                TokenIssuer.KeyPairJson kp = TokenIssuer.generate(kid);
                Files.createDirectories(dir);
                Path priv = dir.resolve("issuer.private.jwk.json");
                Files.writeString(priv, kp.privateJwk() + "\n", StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the file system has no POSIX modes; the directory's protection applies
                }
                Files.writeString(dir.resolve("jwks.json"), kp.publicJwks() + "\n", StandardCharsets.UTF_8);
                System.out.println("private key: " + priv + "\npublic JWKS: " + dir.resolve("jwks.json"));
                return 0;
            } catch (Exception e) {
                System.err.println("pcs token keygen: " + e.getMessage());
                return 2;
            }
        }
    }
}
