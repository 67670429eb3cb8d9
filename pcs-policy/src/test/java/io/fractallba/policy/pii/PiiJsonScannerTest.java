package io.fractallba.policy.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.golden.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiJsonScannerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PiiJsonScanner SCANNER = new PiiJsonScanner(PiiDetector.allKinds());

    /** The agent's unsigned attachments, appended to a golden document; escapes on purpose ("caf\u00e9", \n, \"). */
    private static final String ATTACHMENTS = """
            ,
              "text": "Customer jane.doe@example.com paid with 4111 1111 1111 1111 at the caf\\u00e9.\\nThanks",
              "citations": [
                "Call +44 20 7946 0958 for details",
                {"text": "IBAN GB82 WEST 1234 5698 7654 32", "url": "https://example.com/a?b=1", "title": "Bank \\"details\\""},
                "no personal data here"
              ],
              "usage": {"model": "gpt-4o", "task": "summarise ticket from 192.0.2.7", "input_tokens": 1234,
                        "output_tokens": 56, "provider_cost_usd": 1e-05}
            }
            """;

    /** The same block as redaction must write it: only the matched spans differ. */
    private static final String ATTACHMENTS_REDACTED = """
            ,
              "text": "Customer [REDACTED:email] paid with [REDACTED:payment_card] at the caf\\u00e9.\\nThanks",
              "citations": [
                "Call [REDACTED:phone] for details",
                {"text": "IBAN [REDACTED:iban]", "url": "https://example.com/a?b=1", "title": "Bank \\"details\\""},
                "no personal data here"
              ],
              "usage": {"model": "gpt-4o", "task": "summarise ticket from [REDACTED:ip_address]", "input_tokens": 1234,
                        "output_tokens": 56, "provider_cost_usd": 1e-05}
            }
            """;

    /** The golden document up to (not including) its closing brace. */
    private static String goldenOpen() {
        String golden = new String(GoldenFiles.bytes("pcs_tiny_case_1.json"), StandardCharsets.UTF_8);
        return golden.substring(0, golden.lastIndexOf('}')).stripTrailing();
    }

    @Test
    void redactionChangesOnlyTheMatchedSpansInsideStringLiterals() throws Exception {
        String head = goldenOpen();
        byte[] doc = (head + ATTACHMENTS).getBytes(StandardCharsets.UTF_8);

        PiiScan scan = SCANNER.redact(doc);

        assertThat(scan.redacted()).isNotNull();
        String expected = head + ATTACHMENTS_REDACTED;
        assertThat(new String(scan.redacted(), StandardCharsets.UTF_8)).isEqualTo(expected);
        // Every byte of the signed document before the attachments is identical: numbers, order, whitespace.
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.copyOf(scan.redacted(), headBytes.length)).isEqualTo(headBytes);
        assertThat(new String(scan.redacted(), StandardCharsets.UTF_8)).contains("\"D_hat\": 0.528320834",
                "\"provider_cost_usd\": 1e-05", "0.6000020458127243");
        // Still JSON, and the same document apart from the redacted values.
        JsonNode before = MAPPER.readTree(doc);
        JsonNode after = MAPPER.readTree(scan.redacted());
        assertThat(after.get("text").asText()).isEqualTo(
                "Customer [REDACTED:email] paid with [REDACTED:payment_card] at the café.\nThanks");
        assertThat(after.get("citations").get(1).get("title").asText()).isEqualTo("Bank \"details\"");
        assertThat(after.get("D_hat")).isEqualTo(before.get("D_hat"));
        assertThat(after.get("merkle_root")).isEqualTo(before.get("merkle_root"));

        assertThat(scan.findings()).containsExactly(
                new PiiFinding(PiiKind.EMAIL, "email", "text", false),
                new PiiFinding(PiiKind.PAYMENT_CARD, "visa", "text", false),
                new PiiFinding(PiiKind.PHONE, "international", "citations[0]", false),
                new PiiFinding(PiiKind.IBAN, "gb", "citations[1].text", false),
                new PiiFinding(PiiKind.IP_ADDRESS, "ipv4", "usage.task", false));
        assertThat(scan.found()).isTrue();
        assertThat(scan.inSignedField()).isFalse();
        assertThat(scan.kinds()).containsExactlyInAnyOrder(PiiKind.EMAIL, PiiKind.PAYMENT_CARD, PiiKind.PHONE,
                PiiKind.IBAN, PiiKind.IP_ADDRESS);
    }

    @Test
    void scanFindsTheSameWithoutRedacting() {
        byte[] doc = (goldenOpen() + ATTACHMENTS).getBytes(StandardCharsets.UTF_8);
        PiiScan scan = SCANNER.scan(doc);
        assertThat(scan.redacted()).isNull();
        assertThat(scan.findings()).isEqualTo(SCANNER.redact(doc).findings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcs_tiny_case_1.json", "pcs_tiny_case_2.json"})
    void aDocumentWithoutPiiIsLeftAlone(String golden) {
        byte[] doc = GoldenFiles.bytes(golden);
        PiiScan scan = SCANNER.redact(doc);
        assertThat(scan.found()).isFalse();
        assertThat(scan.redacted()).isNull();
        assertThat(SCANNER.scan(doc).findings()).isEmpty();
    }

    @Test
    void everyGoldenVerifyVectorScansWithoutFindings() throws Exception {
        for (JsonNode c : GoldenFiles.json("verify-vectors.json").get("cases")) {
            byte[] doc = MAPPER.writeValueAsBytes(c.get("pcs"));
            assertThat(SCANNER.redact(doc).findings()).as(c.path("name").asText()).isEmpty();
        }
    }

    @Test
    void shardIdIsSignedSoItIsReportedButNeverRedacted() {
        String doc = "{\"shard_id\": \"ann@example.org\", \"epoch\": 1, \"text\": \"mail bob@example.net\"}";
        PiiScan scan = SCANNER.redact(bytes(doc));
        assertThat(scan.findings()).containsExactly(new PiiFinding(PiiKind.EMAIL, "email", "shard_id", true),
                new PiiFinding(PiiKind.EMAIL, "email", "text", false));
        assertThat(scan.inSignedField()).isTrue();
        assertThat(text(scan.redacted())).isEqualTo(
                "{\"shard_id\": \"ann@example.org\", \"epoch\": 1, \"text\": \"mail [REDACTED:email]\"}");

        PiiScan onlySigned = SCANNER.redact(bytes("{\"shard_id\": \"ann@example.org\"}"));
        assertThat(onlySigned.inSignedField()).isTrue();
        assertThat(onlySigned.redacted()).isNull();
    }

    @Test
    void structuralMembersOfTheirOwnFormatAreSkippedAndFreeTextInThemIsNot() {
        // Values of the members' own formats hold no PII and are left alone (a hex id can look like digits).
        String wellFormed = """
                {"pcs_id": "4111111111111111", "schema": "fractal-lba-kakeya", "version": "0.1",
                 "sent_at": "2025-01-19T12:00:00Z", "regime": "mixed", "merkle_root": "4111111111111111",
                 "sig": "x5KLRpKb75Oy1oxLA+3V+bgY/HL/3ZYOk1rw3pCiSm4=", "usage": {"pcs_id": "ann@example.org"}}
                """;
        assertThat(SCANNER.scan(bytes(wellFormed)).findings()).containsExactly(
                new PiiFinding(PiiKind.EMAIL, "email", "usage.pcs_id", false));
        // Anything else in them is text the agent chose: scanned, and signed where the signature covers it.
        String freeText = """
                {"pcs_id": "ann@example.org", "schema": "192.0.2.1", "version": "4111111111111111",
                 "sent_at": "ann@example.org", "regime": "ann@example.org", "merkle_root": "AKIAIOSFODNN7EXAMPLE",
                 "sig": "ann@example.org"}
                """;
        assertThat(SCANNER.scan(bytes(freeText)).findings()).extracting(PiiFinding::path, PiiFinding::signed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pcs_id", true),
                        org.assertj.core.groups.Tuple.tuple("schema", false),
                        org.assertj.core.groups.Tuple.tuple("version", false),
                        org.assertj.core.groups.Tuple.tuple("sent_at", false),
                        org.assertj.core.groups.Tuple.tuple("regime", false),
                        org.assertj.core.groups.Tuple.tuple("merkle_root", true),
                        org.assertj.core.groups.Tuple.tuple("sig", false));
        assertThat(SCANNER.redact(bytes(freeText)).redacted()).isNotNull();
        assertThat(new String(SCANNER.redact(bytes(freeText)).redacted(), StandardCharsets.UTF_8))
                .contains("\"pcs_id\": \"ann@example.org\"", "\"merkle_root\": \"AKIAIOSFODNN7EXAMPLE\"")
                .contains("\"version\": \"[REDACTED:payment_card]\"");
    }

    @Test
    void memberNamesAndNumbersAreNotScanned() {
        assertThat(SCANNER.scan(bytes("{\"ann@example.org\": 4111111111111111, \"n\": 41111111111111111e0}"))
                .findings()).isEmpty();
    }

    @Test
    void pathsNameArraysAndObjectsButNeverAnUnsafeMemberName() {
        String doc = """
                {"a": [["x", "ann@example.org"]], "b": {"c d": "192.0.2.1", "bob@example.net": "192.0.2.2",
                 "AKIAIOSFODNN7EXAMPLE": "192.0.2.3", "ok_name-1": ["y", {"z": "192.0.2.4"}]}}
                """;
        // The three unsafe names give the same path, and each kind/detail/path is reported once.
        assertThat(SCANNER.scan(bytes(doc)).findings()).extracting(PiiFinding::path)
                .containsExactly("a[0][1]", "b.*", "b.ok_name-1[1].z");
    }

    @Test
    void aMemberNameIsMaskedInPathsWhateverKindsTheTenantSelected() {
        PiiJsonScanner emailsOnly = new PiiJsonScanner(new PiiDetector(EnumSet.of(PiiKind.EMAIL)));
        assertThat(emailsOnly.scan(bytes("{\"AKIAIOSFODNN7EXAMPLE\": \"ann@example.org\"}")).findings())
                .extracting(PiiFinding::path).containsExactly("*");
    }

    @Test
    void eachKindDetailAndPathIsReportedOnce() {
        PiiScan scan = SCANNER.redact(bytes("{\"text\": \"a@example.com, b@example.com; c@example.com\"}"));
        assertThat(scan.findings()).containsExactly(new PiiFinding(PiiKind.EMAIL, "email", "text", false));
        assertThat(text(scan.redacted())).isEqualTo(
                "{\"text\": \"[REDACTED:email], [REDACTED:email]; [REDACTED:email]\"}");
    }

    @Test
    void escapesInsideAndAroundAMatchAreHandled() {
        // "\u0041KIA…" decodes to AKIA…: the decoded text is scanned, and the replaced bytes cover the escape.
        String doc = "{\"text\": \"\\\"ann@example.org\\\" \\u0041KIAIOSFODNN7EXAMPLE \\ud83d\\ude00 \\/ \\t\"}";
        PiiScan scan = SCANNER.redact(bytes(doc));
        assertThat(text(scan.redacted())).isEqualTo(
                "{\"text\": \"\\\"[REDACTED:email]\\\" [REDACTED:secret] \\ud83d\\ude00 \\/ \\t\"}");
    }

    @Test
    void rawUtf8IncludingAstralCharactersIsKept() {
        String doc = "{\"text\": \"😀 Grüße an ann@example.org — 東京 😀\"}";
        PiiScan scan = SCANNER.redact(bytes(doc));
        assertThat(text(scan.redacted())).isEqualTo("{\"text\": \"😀 Grüße an [REDACTED:email] — 東京 😀\"}");
    }

    @Test
    void onlyTheSelectedKindsAreRedacted() {
        PiiJsonScanner emailsOnly = new PiiJsonScanner(new PiiDetector(EnumSet.of(PiiKind.EMAIL)));
        PiiScan scan = emailsOnly.redact(bytes("{\"text\": \"ann@example.org from 192.0.2.1\"}"));
        assertThat(text(scan.redacted())).isEqualTo("{\"text\": \"[REDACTED:email] from 192.0.2.1\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "\"text\"", "{}{}", "{} x", "{\"a\": 1,}", "{\"a\": \"x\", \"a\": \"y\"}",
        "{\"a\": NaN}", "{\"a\": \"unterminated}", "{\"a\": [1, 2}"})
    void malformedJsonIsRefusedWithAMessage(String json) {
        assertThatThrownBy(() -> SCANNER.scan(bytes(json))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(malformed JSON: |not a JSON object|trailing content).*");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] doc = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> SCANNER.redact(doc)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalOffsetsAndTheFallbackEncoder() {
        byte[] lit = bytes("\"a\\u00e9😀b\"");
        int[] off = JsonStringLiteral.charOffsets(lit, 0, lit.length, "aé😀b");
        assertThat(off).containsExactly(1, 2, 8, 8, 12, 13);
        assertThat(JsonStringLiteral.charOffsets(lit, 0, lit.length, "aéXb")).isNull();
        assertThat(text(JsonStringLiteral.quote("q\"\\\n\t\u0001é😀\ud800"))).isEqualTo(
                "\"q\\\"\\\\\\n\\t\\u0001é😀\\ud800\"");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
