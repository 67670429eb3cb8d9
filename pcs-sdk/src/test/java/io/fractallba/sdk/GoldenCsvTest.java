package io.fractallba.sdk;

import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.signals.BoxCounting;
import io.fractallba.sdk.signals.Compressibility;
import io.fractallba.sdk.signals.CsvTrace;
import io.fractallba.sdk.signals.MerkleRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK rebuilds the agent's reference files from their raw CSV inputs (golden/README.md). */
class GoldenCsvTest {

    @ParameterizedTest
    @CsvSource({"agent-csv/tiny_case_1.csv,pcs_tiny_case_1.json", "agent-csv/tiny_case_2.csv,pcs_tiny_case_2.json"})
    void reproducesNjDhatRMerkleRootPcsIdAndSignature(String csvFile, String pcsFile) throws Exception {
        Pcs golden = new PcsParser().parse(GoldenFiles.bytes(pcsFile));
        CsvTrace trace = CsvTrace.parse(new String(GoldenFiles.bytes(csvFile), StandardCharsets.UTF_8));
        List<Long> scales = List.of(2L, 4L, 8L, 16L);

        Map<String, Long> nj = BoxCounting.counts(trace.points(), scales);
        assertThat(nj).isEqualTo(golden.nj());
        assertThat(Compressibility.ratio(trace.raw())).isEqualTo(golden.r());
        assertThat(MerkleRoot.of(trace.raw(), MerkleRoot.DEFAULT_CHUNK)).isEqualTo(golden.merkleRoot());

        // coh★ comes from the agent's random generator; with the agent's value, everything else must match.
        Pcs built = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, "testsecret".getBytes(StandardCharsets.US_ASCII)))
                .build(new PcsFactory.Signals(scales, nj, golden.cohStar(), golden.vStar(),
                        Compressibility.ratio(trace.raw()), MerkleRoot.of(trace.raw(), MerkleRoot.DEFAULT_CHUNK),
                        1, "test-shard-001", 42));
        assertThat(built.dHat()).isEqualTo(golden.dHat());
        assertThat(built.pcsId()).isEqualTo(golden.pcsId());
        assertThat(built.budget()).isEqualTo(golden.budget());
        assertThat(built.sig()).isEqualTo(golden.sig());
    }
}
