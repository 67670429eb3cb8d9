package io.fractallba.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A service or server run as a separate OS process, as in production: started, probed, killed with SIGKILL. */
public final class ServiceProcess implements AutoCloseable {

    /** Management port allotted to each public port this harness started a service on (stable across restarts). */
    private static final Map<Integer, Integer> MANAGEMENT_PORTS = new ConcurrentHashMap<>();

    private final List<String> command;
    private final Path log;
    private Process process;

    public ServiceProcess(List<String> command, Path log) {
        this.command = List.copyOf(command);
        this.log = log;
    }

    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("verifier-service").resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("project root not found");
    }

    /** A verifier with the demo tenants on its own port and WAL directory. */
    public static ServiceProcess verifier(int port, Path walDir, Path log, String... extraProps) {
        // Durable dedup tiers off unless a test names a dedup-service (the %dev profile points at one on 8081).
        List<String> props = new ArrayList<>(List.of("flk.verifier.wal.dir=" + walDir, "flk.verifier.dedup.durable-url="));
        props.addAll(List.of(extraProps));
        return service("verifier-service", port, log, props.toArray(String[]::new));
    }

    /** A service of the suite in its %dev profile on its own port, with extra system properties. */
    public static ServiceProcess service(String module, int port, Path log, String... extraProps) {
        Path jar = projectRoot().resolve(module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " missing: the " + module + " module must be packaged first");
        }
        int management = allotManagementPort(port);
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management));
        for (String p : DevIssuer.get().serviceProps()) {
            cmd.add("-D" + p);
        }
        for (String p : extraProps) {
            cmd.add("-D" + p);
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        return new ServiceProcess(cmd, log);
    }

    /** A private redis-server (no persistence) on {@code port}, so tests can kill it without touching the shared one. */
    public static ServiceProcess redis(int port, Path log) {
        return new ServiceProcess(List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no"), log);
    }

    /** Creates topics (3 partitions each) on the given broker. */
    public static void createTopics(String bootstrap, String... names) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.createTopics(java.util.Arrays.stream(names)
                    .map(n -> new org.apache.kafka.clients.admin.NewTopic(n, 3, (short) 1)).toList()).all().get();
        }
    }

    /**
     * The management port (health, metrics, OpenAPI) of the service whose public port is {@code publicPort}: the one
     * this harness allotted, else the suite's convention of public port + 1000 (services started by dev/up).
     */
    public static int managementPort(int publicPort) {
        return MANAGEMENT_PORTS.getOrDefault(publicPort, publicPort + 1000);
    }

    /** A free management port for the service to be started on {@code publicPort} (the same one on a restart). */
    public static int allotManagementPort(int publicPort) {
        return MANAGEMENT_PORTS.computeIfAbsent(publicPort, p -> freePort());
    }

    /** {@code /q/metrics} of the service whose public port is {@code publicPort}. */
    public static String metricsUrl(int publicPort) {
        return "http://127.0.0.1:" + managementPort(publicPort) + "/q/metrics";
    }

    /** {@code /q/metrics} of the service at {@code publicBaseUrl} (e.g. http://127.0.0.1:8080). */
    public static String metricsUrl(String publicBaseUrl) {
        URI u = URI.create(publicBaseUrl);
        return u.getScheme() + "://" + u.getHost() + ":" + managementPort(u.getPort()) + "/q/metrics";
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port that is free now, for a process started next. Taken below the kernel's ephemeral range (32768 and up on
     * Linux): a port from that range (what binding port 0 gives) can be taken by any outgoing connection in the
     * moment between this check and the child's bind — a two-region run once lost its Redis that way.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            int port = rnd.nextInt(20_000, 32_000);
            // Never the same port twice in one JVM: a port handed out is free until its process binds it, and a second
            // caller given it too (a service's management port equal to its own public port, say) would share it.
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ServiceProcess start() throws IOException {
        Files.createDirectories(log.getParent());
        // Relative data paths of the %dev profile (data/…) land under target/, never in the source tree.
        Path workDir = Files.createDirectories(projectRoot().resolve("e2e-tests/target/service-data"));
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** Waits for readiness of the service whose public port is {@code port} (probed on its management port). */
    public void awaitReady(int port, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort(port) + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready after " + timeout + ", see " + log);
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size of the process now, from /proc (Linux), in KiB. */
    public long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
