package io.fractallba.kafka;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's per-record spans (unit: MockConsumer, the SDK's in-memory exporter): each record's CONSUMER span is the
 * child of the context in its {@code traceparent} header and is current while the record is parsed; a poison message's
 * span and a failed batch's spans end with an error status; spans end only once the batch is committed or failed.
 */
class BatchConsumerLoopTracingTest {

    private static final String TOPIC = "pcs.verified.v1";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> dlq = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @AfterEach
    void close() {
        otel.close();
    }

    @Test
    void eachRecordIsASpanOfItsProducersTraceCurrentWhileParsed() throws Exception {
        List<String> tracesSeenWhileParsing = new ArrayList<>();
        AtomicInteger applied = new AtomicInteger();
        BatchConsumerLoop<String> loop = loop(new BatchConsumerLoop.Handler<>() {
            @Override
            public String parse(ConsumerRecord<String, byte[]> r) throws PoisonMessageException {
                tracesSeenWhileParsing.add(io.opentelemetry.api.trace.Span.fromContext(Context.current())
                        .getSpanContext().getTraceId());
                if (new String(r.value(), StandardCharsets.UTF_8).equals("poison")) {
                    throw new PoisonMessageException("not json");
                }
                return r.key();
            }

            @Override
            public void apply(List<String> batch, int poison) {
                assertThat(consumerSpans()).as("no record's span ends before the batch's effect").isEmpty();
                applied.addAndGet(batch.size());
            }
        });
        deliver(record(0, "t/a", "{}", true), record(1, "t/b", "poison", true), record(2, "t/c", "{}", false));
        runUntil(loop, () -> consumerSpans().size() == 3);

        assertThat(applied).hasValue(2);
        List<SpanData> spans = consumerSpans();
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(s.getName()).isEqualTo(TOPIC + " process");
        });
        SpanData a = byOffset(spans, 0);
        assertThat(a.getTraceId()).isEqualTo(TRACE);
        assertThat(a.getParentSpanId()).isEqualTo(PARENT);
        assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(byOffset(spans, 1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(byOffset(spans, 1).getStatus().getDescription()).contains(TOPIC + ".dlq");
        // No traceparent: a trace of its own, not the previous record's.
        assertThat(byOffset(spans, 2).getTraceId()).isNotEqualTo(TRACE);
        assertThat(byOffset(spans, 2).getParentSpanContext().isValid()).isFalse();
        assertThat(tracesSeenWhileParsing).containsExactly(TRACE, TRACE, byOffset(spans, 2).getTraceId());
        assertThat(dlq.history()).hasSize(1);
        // The dead letter is sent under the poison record's span: it stays in the submission's trace.
        assertThat(new String(dlq.history().get(0).headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .contains(TRACE);
        assertThat(exported.getFinishedSpanItems()).filteredOn(sp -> sp.getKind() == SpanKind.PRODUCER)
                .singleElement().satisfies(sp -> assertThat(sp.getTraceId()).isEqualTo(TRACE));
    }

    private List<SpanData> consumerSpans() {
        return exported.getFinishedSpanItems().stream().filter(sp -> sp.getKind() == SpanKind.CONSUMER).toList();
    }

    @Test
    void aFailedBatchEndsItsSpansWithTheError() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        BatchConsumerLoop<String> loop = loop(new BatchConsumerLoop.Handler<>() {
            @Override
            public String parse(ConsumerRecord<String, byte[]> r) {
                return r.key();
            }

            @Override
            public void apply(List<String> batch, int poison) {
                if (attempts.getAndIncrement() == 0) {
                    throw new IllegalStateException("database down");
                }
            }
        });
        deliver(record(0, "t/a", "{}", true));
        runUntil(loop, () -> !consumerSpans().isEmpty());
        SpanData failed = consumerSpans().get(0);
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
        assertThat(failed.getTraceId()).isEqualTo(TRACE);
    }

    private BatchConsumerLoop<String> loop(BatchConsumerLoop.Handler<String> handler) {
        KafkaTracing tracing = new KafkaTracing(otel);
        BatchConsumerLoop<String> loop = new BatchConsumerLoop<>("test-consumer", consumer, tracing.wrap(dlq),
                List.of(TOPIC), handler);
        return tracing.trace(loop);
    }

    private void deliver(ConsumerRecord<String, byte[]>... records) {
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(tp));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
            for (ConsumerRecord<String, byte[]> r : records) {
                consumer.addRecord(r);
            }
        });
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, String value, boolean traced) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(TOPIC, 0, offset, key, value.getBytes(StandardCharsets.UTF_8));
        if (traced) {
            r.headers().add("traceparent", ("00-" + TRACE + "-" + PARENT + "-01").getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    private static SpanData byOffset(List<SpanData> spans, long offset) {
        return spans.stream().filter(s -> Long.valueOf(offset).equals(
                s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("messaging.kafka.offset"))))
                .findFirst().orElseThrow();
    }

    private static void runUntil(BatchConsumerLoop<?> loop, java.util.function.BooleanSupplier done) throws Exception {
        Thread t = new Thread(loop, "loop");
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        loop.stop();
        t.join(10_000);
        assertThat(done.getAsBoolean()).as("condition reached within 20 s").isTrue();
    }
}
