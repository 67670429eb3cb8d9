package io.fractallba.verifier.dedup;

import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for Redis: concurrent requests' commands are sent together in one pipelined batch (one network
 * write, one read), the way the WAL shares one fsync. Under load this turns N round trips into one.
 */
@ApplicationScoped
public class RedisBatcher {

    private static final Logger LOG = Logger.getLogger(RedisBatcher.class);
    private static final int MAX_BATCH = 512;

    private record Pending(Request request, CompletableFuture<Response> result) {
    }

    private final Redis redis;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean closed;

    public RedisBatcher(Redis redis) {
        this.redis = redis;
        this.sender = new Thread(this::loop, "redis-batcher");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Sends {@code request} in the next batch and waits for its response. */
    public Response execute(Request request, Duration timeout) throws Exception {
        CompletableFuture<Response> f = new CompletableFuture<>();
        queue.add(new Pending(request, f));
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Request> requests = new ArrayList<>(batch.size());
                batch.forEach(p -> requests.add(p.request()));
                List<Pending> sent = List.copyOf(batch);
                redis.batch(requests).subscribe().with(responses -> {
                    for (int i = 0; i < sent.size(); i++) {
                        sent.get(i).result().complete(responses.get(i));
                    }
                }, error -> sent.forEach(p -> p.result().completeExceptionally(error)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.debugf("redis batch failed: %s", e.getMessage());
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    @PreDestroy
    public void close() {
        closed = true;
    }
}
