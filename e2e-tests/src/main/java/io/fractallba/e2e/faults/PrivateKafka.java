package io.fractallba.e2e.faults;

import io.fractallba.e2e.ServiceProcess;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A single-node KRaft broker of a test's own (same jars as dev/up, classpath from .dev/kafka.classpath), so a fault
 * run can kill and restart "the broker" without touching the machine's shared one. Data survives restarts.
 * {@link #secured} adds a SASL_SSL listener (TLS with a self-signed certificate for 127.0.0.1, SCRAM-SHA-512 users
 * created at format time), as a Strimzi cluster with TLS and SCRAM authentication offers.
 */
public final class PrivateKafka implements AutoCloseable {

    /** The SCRAM user the secured listener knows, and its password. */
    public static final String USER = "flk-service";
    public static final String PASSWORD = "scram-secret-1";
    private static final String STORE_PASSWORD = "changeit";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int securedPort;
    private final String classpath;
    private final Path log;
    private ServiceProcess process;

    public PrivateKafka(Path dir, Path log) throws IOException {
        this(dir, log, false);
    }

    /** A broker with a SASL_SSL listener besides its PLAINTEXT one (which topic set-up and the broker itself use). */
    public static PrivateKafka secured(Path dir, Path log) throws IOException {
        return new PrivateKafka(dir, log, true);
    }

    private PrivateKafka(Path dir, Path log, boolean secured) throws IOException {
        Path cp = ServiceProcess.projectRoot().resolve(".dev/kafka.classpath");
        if (!Files.exists(cp)) {
            throw new IllegalStateException(cp + " missing: run dev/up --infra (or dev/test) once");
        }
        this.classpath = Files.readString(cp).trim();
        this.dir = dir;
        this.log = log;
        this.port = ServiceProcess.freePort();
        this.controllerPort = ServiceProcess.freePort();
        this.securedPort = secured ? ServiceProcess.freePort() : -1;
        Files.createDirectories(dir);
        String listeners = "PLAINTEXT://127.0.0.1:" + port + (secured ? ",SASL_SSL://127.0.0.1:" + securedPort : "");
        List<String> props = new java.util.ArrayList<>(List.of(
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listeners + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listeners, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("data"), "num.partitions=3",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "min.insync.replicas=1", "default.replication.factor=1",
                "auto.create.topics.enable=true", "group.initial.rebalance.delay.ms=0"));
        List<String> format = new java.util.ArrayList<>(List.of("java", "-cp", classpath, log4j(),
                "kafka.tools.StorageTool", "format", "--config", dir.resolve("server.properties").toString(),
                "--cluster-id", "fault-run-cluster-0001A"));
        if (secured) {
            makeCertificates();
            props.addAll(List.of("sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                            + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                    "ssl.keystore.type=PKCS12", "ssl.keystore.location=" + dir.resolve("broker.p12"),
                    "ssl.keystore.password=" + STORE_PASSWORD, "ssl.key.password=" + STORE_PASSWORD));
            format.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + USER + ",password=" + PASSWORD + "]"));
        }
        Files.writeString(dir.resolve("server.properties"), String.join("\n", props) + "\n");
        Process formatting = new ProcessBuilder(format)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (formatting.waitFor() != 0) {
                throw new IllegalStateException("formatting the private broker failed, see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /**
     * The {@code kafka.*} settings a service needs for the SASL_SSL listener, as {@code key=value} system properties:
     * configuration only, as a deployment would set them (KAFKA_SECURITY_PROTOCOL, …).
     */
    public String[] securedClientProps(String password) {
        if (securedPort < 0) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return new String[]{"kafka.bootstrap.servers=127.0.0.1:" + securedPort, "kafka.security.protocol=SASL_SSL",
                "kafka.sasl.mechanism=SCRAM-SHA-512",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";",
                "kafka.ssl.truststore.type=PKCS12", "kafka.ssl.truststore.location=" + dir.resolve("truststore.p12"),
                "kafka.ssl.truststore.password=" + STORE_PASSWORD};
    }

    /** A self-signed broker certificate for 127.0.0.1 (keytool of the running JDK) and a truststore holding it. */
    private void makeCertificates() throws IOException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        run(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
        run(List.of(keytool, "-exportcert", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", cert.toString()));
        run(List.of(keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                "-keystore", dir.resolve("truststore.p12").toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD));
    }

    private void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command.get(1) + " failed, see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public PrivateKafka start() throws IOException, InterruptedException {
        process = new ServiceProcess(List.of("java", "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath, log4j(),
                "kafka.Kafka", dir.resolve("server.properties").toString()), log).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("private broker did not open port " + port + ", see " + log);
    }

    /** SIGKILL, as a crashed broker host. */
    public void kill() throws InterruptedException {
        process.kill9();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

    private static String log4j() {
        return "-Dlog4j2.configurationFile=" + ServiceProcess.projectRoot().resolve("dev/kafka/log4j2.properties");
    }
}
