package io.fractallba.sdk;

import com.sun.net.httpserver.HttpServer;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.cli.PcsCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** `pcs load` against a scripted verifier: what it sends (signed with the given key), its exit codes. */
class LoadCommandTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsSignedDocumentsAndReportsWithExitCodes() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> tenants = new CopyOnWriteArrayList<>();
        AtomicInteger failNext = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/pcs/submit", ex -> {
            bodies.add(ex.getRequestBody().readAllBytes());
            tenants.add(ex.getRequestHeaders().getFirst("X-Tenant-Id"));
            int status = failNext.getAndDecrement() > 0 ? 500 : 200;
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        assertThat(PcsCli.commandLine().execute("load", "--url", url, "--count", "40", "--clients", "4", "--mix", "fresh",
                "--tenant", "t1", "--secret", "s3cret")).isZero();
        assertThat(bodies).hasSize(40);
        assertThat(tenants).containsOnly("t1");
        Pcs p = new PcsParser().parse(bodies.get(0));
        assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, "s3cret".getBytes(StandardCharsets.UTF_8))
                .verify(SignaturePayload.bytes(p.signedFields()), p.sig())).isTrue();

        failNext.set(1);
        assertThat(PcsCli.commandLine().execute("load", "--url", url, "--count", "10", "--rate", "200")).isEqualTo(1);
        assertThat(PcsCli.commandLine().execute("load", "--url", url, "--mix", "nonsense")).isEqualTo(2);
        assertThat(PcsCli.commandLine().execute("load", "--url", "http://127.0.0.1:1", "--count", "1")).isEqualTo(2);
    }
}
