package io.fractallba.e2e.crr;

import io.fractallba.e2e.ServiceProcess;
import io.fractallba.e2e.faults.PrivateKafka;
import io.fractallba.e2e.faults.TcpProxy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One region of a two-region run: its own Kafka broker, Redis and Postgres schemas, and its verifier, dedup-, audit-,
 * cost-service and crr-shipper as separate processes. {@link #link} is the way in from the other region (a proxy
 * in front of this region's verifier), which a test can cut.
 */
final class Region implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(300);
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/flk";

    final String name;
    final PrivateKafka kafka;
    final TcpProxy link;
    final int verifierPort = ServiceProcess.freePort();
    final int dedupPort = ServiceProcess.freePort();
    final int auditPort = ServiceProcess.freePort();
    final int costPort = ServiceProcess.freePort();
    final int shipperPort = ServiceProcess.freePort();
    final int redisPort = ServiceProcess.freePort();
    final String dedupSchema;
    final String auditSchema;
    final String costSchema;
    final String crrSchema;
    private final Path dir;
    private final Path logs;
    private final String run;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private ServiceProcess shipper;
    private String[] shipperProps;

    Region(String name, Path dir, Path logs, String run) throws Exception {
        this.name = name;
        this.dir = dir;
        this.logs = logs;
        this.run = run;
        String prefix = "crr_" + name + "_" + run + "_";
        this.dedupSchema = prefix + "dedup";
        this.auditSchema = prefix + "audit";
        this.costSchema = prefix + "cost";
        this.crrSchema = prefix + "crr";
        this.kafka = new PrivateKafka(dir.resolve("kafka"), logs.resolve(name + "-kafka.log"));
        this.link = new TcpProxy(verifierPort);
    }

    String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    void startInfrastructure() throws Exception {
        kafka.start();
        ServiceProcess.createTopics(kafka.bootstrap(), "pcs.verified.v1", "pcs.verified.v1.dlq", "cost.usage.v1",
                "cost.usage.v1.dlq", "cost.budget.v1", "audit.checkpoint.v1");
        processes.add(ServiceProcess.redis(redisPort, logs.resolve(name + "-redis.log")).start());
    }

    private String[] db(String schema, String... more) {
        List<String> p = new ArrayList<>(List.of("kafka.bootstrap.servers=" + kafka.bootstrap(),
                "quarkus.datasource.jdbc.url=" + PG + "?currentSchema=" + schema, "quarkus.flyway.schemas=" + schema,
                "quarkus.flyway.default-schema=" + schema, "quarkus.datasource.jdbc.acquisition-timeout=PT30S"));
        p.addAll(List.of(more));
        return p.toArray(String[]::new);
    }

    /** Starts the region's services, one at a time (JVMs starting together on two cores starve each other). */
    void startServices(Region peer) throws Exception {
        String redis = "redis://127.0.0.1:" + redisPort;
        start("dedup-service", dedupPort, db(dedupSchema, "quarkus.redis.hosts=" + redis,
                "flk.dedup.cold-dir=" + dir.resolve("cold"), "flk.dedup.consumer-group=crr-dedup-" + run));
        start("audit-service", auditPort, db(auditSchema, "flk.audit.consumer-group=crr-audit-" + run,
                "flk.audit.anchors.file-dir=" + dir.resolve("anchors"), "flk.audit.siem.file="));
        start("cost-service", costPort, db(costSchema, "flk.cost.consumer-group=crr-cost-" + run));
        ServiceProcess v = ServiceProcess.verifier(verifierPort, dir.resolve("wal"), logs.resolve(name + "-verifier.log"),
                "kafka.bootstrap.servers=" + kafka.bootstrap(), "quarkus.redis.hosts=" + redis,
                "flk.verifier.region=" + name, "flk.verifier.dedup.durable-url=" + url(dedupPort)).start();
        processes.add(v);
        services.put("verifier-service", v);
        v.awaitReady(verifierPort, STARTUP);
        shipperProps = db(crrSchema, "flk.crr.region=" + name, "flk.crr.consumer-group=crr-" + run,
                "flk.crr.local-verifier-url=" + url(verifierPort), "flk.crr.local-dedup-url=" + url(dedupPort),
                "flk.crr.peers." + peer.name + ".verifier-url=" + url(peer.link.port()),
                "flk.crr.peers." + peer.name + ".dedup-url=" + url(peer.dedupPort),
                "flk.crr.peers." + peer.name + ".shipper-url=" + url(peer.shipperPort),
                "flk.crr.local-audit-url=" + url(auditPort), "flk.crr.peers." + peer.name + ".audit-url=" + url(peer.auditPort),
                "flk.crr.divergence.interval=0s", "flk.crr.backoff-max=1s");
        startShipper();
    }

    void startShipper() throws Exception {
        shipper = ServiceProcess.service("crr-shipper", shipperPort, logs.resolve(name + "-crr-shipper.log"), shipperProps)
                .start();
        shipper.awaitReady(shipperPort, STARTUP);
    }

    /** Resident set size of each service process of this region now, in MiB, by module. */
    Map<String, Long> rssMiB() throws Exception {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceProcess> e : services.entrySet()) {
            rss.put(e.getKey(), e.getValue().rssKb() / 1024);
        }
        rss.put("crr-shipper", shipper.rssKb() / 1024);
        return rss;
    }

    /** kill -9 of the shipper, then a restart on its persisted watermark. */
    void crashShipper() throws Exception {
        shipper.kill9();
        startShipper();
    }

    private void start(String module, int port, String[] props) throws Exception {
        ServiceProcess p = ServiceProcess.service(module, port, logs.resolve(name + "-" + module + ".log"), props).start();
        processes.add(p);
        services.put(module, p);
        p.awaitReady(port, STARTUP);
    }

    Connection db(String schema) throws Exception {
        return DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", null);
    }

    @Override
    public void close() throws Exception {
        if (shipper != null) {
            shipper.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        link.close();
        kafka.close();
        try (Connection c = DriverManager.getConnection(PG, "postgres", null); Statement s = c.createStatement()) {
            for (String schema : List.of(dedupSchema, auditSchema, costSchema, crrSchema)) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
