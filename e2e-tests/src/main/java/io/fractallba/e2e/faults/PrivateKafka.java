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
 */
public final class PrivateKafka implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Path log;
    private ServiceProcess process;

    public PrivateKafka(Path dir, Path log) throws IOException {
        Path cp = ServiceProcess.projectRoot().resolve(".dev/kafka.classpath");
        if (!Files.exists(cp)) {
            throw new IllegalStateException(cp + " missing: run dev/up --infra (or dev/test) once");
        }
        this.classpath = Files.readString(cp).trim();
        this.dir = dir;
        this.log = log;
        this.port = ServiceProcess.freePort();
        this.controllerPort = ServiceProcess.freePort();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("data"), "num.partitions=3",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "min.insync.replicas=1", "default.replication.factor=1",
                "auto.create.topics.enable=true", "group.initial.rebalance.delay.ms=0") + "\n");
        Process format = new ProcessBuilder("java", "-cp", classpath, log4j(), "kafka.tools.StorageTool", "format",
                "--config", dir.resolve("server.properties").toString(), "--cluster-id", "fault-run-cluster-0001A")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (format.waitFor() != 0) {
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
