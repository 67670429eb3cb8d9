package io.fractallba.kafka;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One trace per submission across the suite: producers are wrapped by OpenTelemetry's kafka-clients instrumentation
 * (a PRODUCER span, child of the current context, whose context goes into the record's {@code traceparent} header),
 * and {@link BatchConsumerLoop} opens a CONSUMER span per record whose parent is that header's context, so every
 * consumer's work on a submission lands in the trace the verifier's HTTP request started.
 *
 * <p>Why a span per record and not the library's consumer wrapper: the wrapper gives one "receive" span per poll
 * that only links to its records' traces, and the loop applies a whole batch as one durable effect; a per-record span
 * from poll to commit is what "follow this submission" needs. With the SDK disabled (the local default) the
 * OpenTelemetry instance is a no-op and so are all of these spans.
 */
@ApplicationScoped
public class KafkaTracing {

    static final String INSTRUMENTATION = "io.fractallba.kafka";

    private final OpenTelemetry otel;
    private final KafkaTelemetry telemetry;
    private final Tracer tracer;

    public KafkaTracing(OpenTelemetry otel) {
        this.otel = otel;
        this.telemetry = KafkaTelemetry.create(otel);
        this.tracer = otel.getTracer(INSTRUMENTATION);
    }

    /** Tracing that does nothing: for loops and producers built outside CDI (tests, tools). */
    public static KafkaTracing none() {
        return new KafkaTracing(OpenTelemetry.noop());
    }

    /** The producer, sending with a PRODUCER span and the current trace context in each record's headers. */
    public <K, V> Producer<K, V> wrap(Producer<K, V> producer) {
        return telemetry.wrap(producer);
    }

    /** Opens a span per record on this loop from now on (call before starting its thread). */
    public <T> BatchConsumerLoop<T> trace(BatchConsumerLoop<T> loop) {
        loop.tracing(this);
        return loop;
    }

    /**
     * The current trace context as a W3C {@code traceparent} value (null when there is none, or tracing is off), for
     * work that leaves later from a store — an outbox row — rather than under this context.
     */
    public String traceparent() {
        if (!Span.current().getSpanContext().isValid()) {
            return null; // tracing off or no trace: nothing to keep (and no map per record on the consumer path)
        }
        java.util.Map<String, String> carrier = new java.util.HashMap<>();
        otel.getPropagators().getTextMapPropagator().inject(Context.current(), carrier, java.util.Map::put);
        return carrier.get("traceparent");
    }

    /** The context a stored {@link #traceparent()} names ({@code Context.root()} for null). */
    public Context context(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return otel.getPropagators().getTextMapPropagator().extract(Context.root(), traceparent,
                new TextMapGetter<>() {
                    @Override
                    public Iterable<String> keys(String carrier) {
                        return java.util.List.of("traceparent");
                    }

                    @Override
                    public String get(String carrier, String key) {
                        return "traceparent".equals(key) ? carrier : null;
                    }
                });
    }

    /**
     * A CONSUMER span for one record, child of the context its producer put in the headers (a new trace when there is
     * none, e.g. an event written before tracing was on).
     */
    Span process(ConsumerRecord<String, byte[]> r, String consumer) {
        Context parent = otel.getPropagators().getTextMapPropagator().extract(Context.root(), r.headers(), HEADERS);
        return tracer.spanBuilder(r.topic() + " process").setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", r.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(r.partition()))
                .setAttribute("messaging.kafka.offset", r.offset())
                .setAttribute("flk.consumer", consumer)
                .setAttribute("messaging.kafka.message.key", r.key() == null ? "" : r.key())
                .startSpan();
    }

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header h : headers) {
                keys.add(h.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header h = headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };
}
