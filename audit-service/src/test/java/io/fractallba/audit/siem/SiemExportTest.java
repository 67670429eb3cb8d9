package io.fractallba.audit.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fractallba.audit.log.AuditEntry;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.LogStore;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.audit.support.VerifiedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The SIEM export to a Splunk-HEC-shaped HTTP endpoint: shape, token, and no loss when the endpoint fails. */
class SiemExportTest {

    private final String schema = TestDatabase.freshSchemaName("audit");
    private final DataSource ds = TestDatabase.migrate(schema);
    private HttpServer hec;

    @AfterEach
    void cleanUp() {
        if (hec != null) {
            hec.stop(0);
        }
        TestDatabase.drop(schema);
    }

    @Test
    void everyEntryReachesTheCollectorOnceItAcceptsAndNothingIsSkippedWhileItFails() throws Exception {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            entries.add(AuditEntry.of(VerifiedEvents.fresh("acme")));
        }
        new LogAppender(ds).append(entries);

        AtomicInteger failuresLeft = new AtomicInteger(1);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        hec = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hec.createContext("/services/collector/event", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
            if (status == 200) {
                bodies.add(body);
                auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] out = "{\"text\":\"Success\",\"code\":0}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        hec.start();
        String url = "http://127.0.0.1:" + hec.getAddress().getPort() + "/services/collector/event";
        ObjectMapper mapper = new ObjectMapper();
        SiemExporter exporter = new SiemExporter(List.of(new HecSink(url, "tok-123")), new LogStore(ds), mapper, "t/log");

        assertThat(exporter.exportPending()).isZero();             // the collector answered 503: nothing counted
        assertThat(exporter.exportPending()).isEqualTo(7);
        assertThat(exporter.exportPending()).isZero();             // watermark: nothing twice
        new LogAppender(ds).append(List.of(AuditEntry.of(VerifiedEvents.fresh("beta"))));
        assertThat(exporter.exportPending()).isEqualTo(1);

        List<JsonNode> events = new ArrayList<>();
        for (String b : bodies) {
            for (String line : b.split("\n")) {
                events.add(mapper.readTree(line));
            }
        }
        assertThat(events).hasSize(8);
        assertThat(events).extracting(e -> e.path("event").path("index").asLong())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events.get(0).path("sourcetype").asText()).isEqualTo("fractal-lba:audit-entry");
        assertThat(events.get(0).path("time").isNumber()).isTrue();
        assertThat(events.get(7).path("event").path("entry").path("tenant").asText()).isEqualTo("beta");
        assertThat(auth).allMatch("Splunk tok-123"::equals);
    }
}
