package io.fractallba.pcs.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.fractallba.pcs.model.AgentFaultTolerance;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict PCS parser (docs/contract.md §1): case-sensitive names, no duplicate keys at any depth, no NaN/Infinity,
 * JSON types checked per field, integers exact to 64 bits, size and depth limits. Unknown members are skipped
 * (the caller keeps the raw body). Whatever the bytes, it returns a {@link Pcs} or throws {@link PcsParseException}.
 */
public final class PcsParser {

    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;

    private static final List<String> REQUIRED = List.of("pcs_id", "schema", "version", "shard_id", "epoch", "scales",
            "N_j", "coh_star", "D_hat", "r", "regime", "budget", "merkle_root");

    private final JsonFactory factory;
    private final int maxBytes;

    public PcsParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);
    }

    public PcsParser(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxNumberLength(400)
                        .maxStringLength(maxBytes)
                        .build())
                .build();
    }

    public int maxBytes() {
        return maxBytes;
    }

    public Pcs parse(byte[] body) throws PcsParseException {
        if (body == null || body.length == 0) {
            throw new PcsParseException(ParseProblem.MALFORMED_JSON, null, "empty body");
        }
        if (body.length > maxBytes) {
            throw new PcsParseException(ParseProblem.TOO_LARGE, null,
                    "body of " + body.length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        try (JsonParser p = factory.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new PcsParseException(ParseProblem.NOT_AN_OBJECT, null, "the body must be a JSON object");
            }
            Builder b = new Builder();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!seen.add(name)) {
                    throw new PcsParseException(ParseProblem.DUPLICATE_KEY, name, "duplicate key '" + name + "'");
                }
                p.nextToken();
                readMember(p, name, b);
            }
            if (p.nextToken() != null) {
                throw new PcsParseException(ParseProblem.MALFORMED_JSON, null, "content after the JSON object");
            }
            for (String field : REQUIRED) {
                if (!seen.contains(field)) {
                    throw new PcsParseException(ParseProblem.MISSING_FIELD, field, "required field '" + field + "' is missing");
                }
            }
            return b.build();
        } catch (StreamConstraintsException e) {
            ParseProblem problem = e.getMessage() != null && e.getMessage().contains("nesting depth")
                    ? ParseProblem.TOO_DEEP : ParseProblem.MALFORMED_JSON;
            throw new PcsParseException(problem, null, firstLine(e.getOriginalMessage()));
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            ParseProblem problem = msg != null && msg.startsWith("Duplicate field") ? ParseProblem.DUPLICATE_KEY
                    : ParseProblem.MALFORMED_JSON;
            throw new PcsParseException(problem, null, firstLine(msg));
        } catch (JsonProcessingException e) {
            throw new PcsParseException(ParseProblem.MALFORMED_JSON, null, firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            // Last-resort guard at the trust boundary: hostile input must never escape as an unchecked exception.
            throw new PcsParseException(ParseProblem.MALFORMED_JSON, null, "unreadable JSON body");
        }
    }

    private static void readMember(JsonParser p, String name, Builder b) throws IOException, PcsParseException {
        switch (name) {
            case "pcs_id" -> b.pcsId = string(p, name);
            case "schema" -> b.schema = string(p, name);
            case "version" -> b.version = string(p, name);
            case "shard_id" -> b.shardId = string(p, name);
            case "epoch" -> b.epoch = integer(p, name);
            case "attempt" -> b.attempt = isNull(p) ? null : integer(p, name);
            case "sent_at" -> b.sentAt = isNull(p) ? null : string(p, name);
            case "seed" -> b.seed = isNull(p) ? null : integer(p, name);
            case "scales" -> b.scales = integerArray(p, name);
            case "N_j" -> b.nj = countsObject(p, name);
            case "coh_star" -> b.cohStar = number(p, name);
            case "v_star" -> b.vStar = isNull(p) ? null : numberArray(p, name);
            case "D_hat" -> b.dHat = number(p, name);
            case "r" -> b.r = number(p, name);
            case "regime" -> b.regime = string(p, name);
            case "budget" -> b.budget = number(p, name);
            case "merkle_root" -> b.merkleRoot = string(p, name);
            case "sig" -> b.sig = isNull(p) ? null : string(p, name);
            case "ft" -> b.ft = isNull(p) ? null : faultTolerance(p, name);
            case "usage" -> b.usage = isNull(p) ? null : usage(p, name);
            default -> p.skipChildren(); // unknown members are ignored here and kept in the raw body
        }
    }

    private static boolean isNull(JsonParser p) {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    private static String string(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", p);
        }
        return p.getText();
    }

    private static long integer(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(field, "an integer", p);
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new PcsParseException(ParseProblem.NUMBER_OUT_OF_RANGE, field,
                    "field '" + field + "' does not fit in a signed 64-bit integer");
        }
        return p.getLongValue();
    }

    private static double number(JsonParser p, String field) throws IOException, PcsParseException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(field, "a number", p);
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new PcsParseException(ParseProblem.NUMBER_OUT_OF_RANGE, field,
                    "field '" + field + "' is outside the range of a double");
        }
        return d;
    }

    private static List<Long> integerArray(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(field, "an array of integers", p);
        }
        List<Long> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(integer(p, field + "[" + out.size() + "]"));
        }
        return out;
    }

    private static List<Double> numberArray(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(field, "an array of numbers", p);
        }
        List<Double> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(number(p, field + "[" + out.size() + "]"));
        }
        return out;
    }

    private static Map<String, Long> countsObject(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object of integer counts", p);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (out.put(key, integer(p, field + "." + key)) != null) {
                throw new PcsParseException(ParseProblem.DUPLICATE_KEY, field + "." + key, "duplicate key '" + key + "' in " + field);
            }
        }
        return out;
    }

    private static AgentFaultTolerance faultTolerance(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", p);
        }
        Long outboxSeq = null;
        Boolean degraded = null;
        List<String> fallbacks = null;
        Double clockSkew = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (isNull(p)) {
                continue;
            }
            switch (key) {
                case "outbox_seq" -> outboxSeq = integer(p, "ft.outbox_seq");
                case "degraded" -> {
                    JsonToken t = p.currentToken();
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw wrongType("ft.degraded", "a boolean", p);
                    }
                    degraded = t == JsonToken.VALUE_TRUE;
                }
                case "fallbacks" -> {
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        throw wrongType("ft.fallbacks", "an array of strings", p);
                    }
                    fallbacks = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        fallbacks.add(string(p, "ft.fallbacks[" + fallbacks.size() + "]"));
                    }
                }
                case "clock_skew_ms" -> clockSkew = number(p, "ft.clock_skew_ms");
                default -> p.skipChildren();
            }
        }
        return new AgentFaultTolerance(outboxSeq, degraded, fallbacks, clockSkew);
    }

    /** The optional, unsigned {@code usage} block (docs/api.md): typed like the rest; counts and cost never negative. */
    private static DeclaredUsage usage(JsonParser p, String field) throws IOException, PcsParseException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", p);
        }
        String model = null;
        String task = null;
        Long in = null;
        Long out = null;
        Double cost = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (isNull(p)) {
                continue;
            }
            switch (key) {
                case "model" -> model = string(p, "usage.model");
                case "task" -> task = string(p, "usage.task");
                case "input_tokens" -> in = nonNegative(integer(p, "usage.input_tokens"), "usage.input_tokens");
                case "output_tokens" -> out = nonNegative(integer(p, "usage.output_tokens"), "usage.output_tokens");
                case "provider_cost_usd" -> {
                    cost = number(p, "usage.provider_cost_usd");
                    if (cost < 0) {
                        throw new PcsParseException(ParseProblem.WRONG_TYPE, "usage.provider_cost_usd",
                                "field 'usage.provider_cost_usd' must be a number ≥ 0, got " + cost);
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new DeclaredUsage(model, task, in, out, cost);
    }

    private static long nonNegative(long v, String field) throws PcsParseException {
        if (v < 0) {
            throw new PcsParseException(ParseProblem.WRONG_TYPE, field, "field '" + field + "' must be an integer ≥ 0, got " + v);
        }
        return v;
    }

    private static PcsParseException wrongType(String field, String expected, JsonParser p) {
        return new PcsParseException(ParseProblem.WRONG_TYPE, field,
                "field '" + field + "' must be " + expected + ", got " + describe(p.currentToken()));
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a non-integral number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String firstLine(String msg) {
        if (msg == null) {
            return "malformed JSON";
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    /** Mutable holder while streaming; required members are checked before {@link #build()}. */
    private static final class Builder {
        String pcsId;
        String schema;
        String version;
        String shardId;
        long epoch;
        Long attempt;
        String sentAt;
        Long seed;
        List<Long> scales;
        Map<String, Long> nj;
        double cohStar;
        List<Double> vStar;
        double dHat;
        double r;
        String regime;
        double budget;
        String merkleRoot;
        String sig;
        AgentFaultTolerance ft;
        DeclaredUsage usage;

        Pcs build() {
            return new Pcs(pcsId, schema, version, shardId, epoch, attempt, sentAt, seed, scales, nj, cohStar, vStar,
                    dHat, r, regime, budget, merkleRoot, sig, ft, usage);
        }
    }
}
