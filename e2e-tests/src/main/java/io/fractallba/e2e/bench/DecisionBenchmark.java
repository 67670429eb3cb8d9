package io.fractallba.e2e.bench;

import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.policy.BuiltInPolicy;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PolicyCompiler;
import io.fractallba.policy.PolicyDocuments;
import io.fractallba.sdk.load.Workloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What deciding one submission costs, in-process: the reference decision (the constant the verifier used before
 * policies), the built-in default@1 in the policy language, and a 20-rule tenant policy (bench/twenty-rules.json),
 * over the same 64 demo-workload documents in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DecisionBenchmark {

    private final List<Pcs> docs = new ArrayList<>();
    private CompiledPolicy builtIn;
    private CompiledPolicy twenty;
    private int next;

    @Setup
    public void setup() throws Exception {
        Workloads w = new Workloads(42);
        var factory = new io.fractallba.sdk.PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, Workloads.DEMO_HMAC));
        for (int i = 0; i < 64; i++) {
            docs.add(w.signals(factory));
        }
        PolicyCompiler compiler = new PolicyCompiler();
        builtIn = BuiltInPolicy.compile(compiler);
        twenty = compiler.compile(PolicyDocuments.parse(twentyRules()));
    }

    static byte[] twentyRules() throws java.io.IOException {
        try (InputStream in = DecisionBenchmark.class.getResourceAsStream("/bench/twenty-rules.json")) {
            return in.readAllBytes();
        }
    }

    private Pcs doc() {
        next = (next + 1) & 63;
        return docs.get(next);
    }

    @Benchmark
    public Outcome referenceConstant() {
        return PcsDecider.decide(doc(), Policy.DEFAULT_V1);
    }

    @Benchmark
    public Outcome builtInPolicyInCel() {
        return builtIn.decide(doc(), "bench");
    }

    @Benchmark
    public Outcome twentyRulePolicy() {
        return twenty.decide(doc(), "bench");
    }
}
