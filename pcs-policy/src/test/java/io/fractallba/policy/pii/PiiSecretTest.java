package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens below are random strings in the vendors' formats (and the AWS documentation's example key), not keys. */
class PiiSecretTest {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5MzU3OSIsImlhdCI6MTcxNTgzNTc1NCwic2NvcGUiOi"
            + "JhZG1pbiJ9.rddktqMvuwmt6uEJxKmXIDl1NSuHixRcikLYhM9M_actjh1d2SWJCC2FKnEihz7oBa3ViUIWejhShhlcZ5-caQ";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "key AKIAIOSFODNN7EXAMPLE in the file|aws_access_key_id|AKIAIOSFODNN7EXAMPLE",
        "ASIAY34FZKBOKMUTVV7A is temporary|aws_access_key_id|ASIAY34FZKBOKMUTVV7A",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|aws_secret_access_key|wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "GITHUB_TOKEN=ghp_Qk2v9LmX7pR4tY8wZ1aB3cD5eF6gH0iJ2kL4|github_token|ghp_Qk2v9LmX7pR4tY8wZ1aB3cD5eF6gH0iJ2kL4",
        "token gho_Qk2v9LmX7pR4tY8wZ1aB3cD5eF6gH0iJ2kL4 used|github_token|gho_Qk2v9LmX7pR4tY8wZ1aB3cD5eF6gH0iJ2kL4",
        "pat github_pat_11ABCDEFG0123456789abc_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVw9|github_token|github_pat_11ABCDEFG0123456789abc_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVw9",
        "bot xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx ok|slack_token|xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "key=AIzaSyD3fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5b ok|google_api_key|AIzaSyD3fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5b",
        "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc now|stripe_key|sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "rk_live_51Hx9aB2cD3eF4gH5iJ6kL7mN8oP9qR0s|stripe_key|rk_live_51Hx9aB2cD3eF4gH5iJ6kL7mN8oP9qR0s",
        "OPENAI sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2r|openai_api_key|sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2r",
        "sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2r-AA|anthropic_api_key|sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2r-AA",
        "DB_PASSWORD=Tr0ub4dor&3|password|Tr0ub4dor&3",
        "PGPASSWORD=S3cure!Pass psql|password|S3cure!Pass",
        "My password is Summer2024!|password|Summer2024!",
        "Het wachtwoord is Fietsen#2023.|password|Fietsen#2023",
        "\"client_secret\": \"q8Zr2LmX7pR4tY8wZ1aB3cD5\"|generic_secret|q8Zr2LmX7pR4tY8wZ1aB3cD5",
        "api_key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0|generic_secret|9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "password = \"Blue Sky 42!\"|password|Blue Sky 42!",
        "postgres://app:Pa55word_@db.example.com/x|url_password|Pa55word_",
        "Authorization: Bearer q8Zr2LmX7pR4tY8wZ1aB3cD5eF6g|bearer_token|q8Zr2LmX7pR4tY8wZ1aB3cD5eF6g"})
    void findsCredentials(String text, String detail, String value) {
        assertThat(found(text)).containsExactly("secret/" + detail + ":" + value);
    }

    @Test
    void jwtNeedsAJsonHeaderWithAlg() {
        assertThat(found("Authorization: Bearer " + JWT)).containsExactly("secret/jwt:" + JWT);
        assertThat(values(PiiKind.SECRET, "The session was " + JWT + ". It expired.")).containsExactly(JWT);
        String notJson = "eyJub3QganNvbg.eyJzdWIiOiIxIn0.c2ln";   // the header decodes to {"not json
        assertThat(values(PiiKind.SECRET, "x " + notJson)).isEmpty();
        String noAlg = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";   // {"typ":"JWT"}
        assertThat(values(PiiKind.SECRET, "x " + noAlg)).isEmpty();
    }

    @Test
    void pemBlocksToTheirEndOrTheEndOfTheText() {
        String block = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";
        assertThat(values(PiiKind.SECRET, "key: " + block + " done")).containsExactly(block);
        String cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA";
        assertThat(values(PiiKind.SECRET, "pasted " + cut)).containsExactly(cut);
        assertThat(values(PiiKind.SECRET, "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----")).isEmpty();
        assertThat(values(PiiKind.SECRET, "-----BEGIN CERTIFICATE-----")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"token: abc", "password: ********", "password: <your password here>",
        "password=${DB_PASSWORD}", "api_key = os.environ[\"OPENAI_API_KEY\"]", "apiKey: process.env.STRIPE_KEY",
        "token = request.headers.get(\"Authorization\")", "secret_name: prod/db/credentials",
        "password_hash: $2b$12$KIXQJqFz9y3M2bL1nD8bUe", "token_count: 1234, max_tokens: 8192",
        "\"password\": \"string\"", "Reset your password: click the link", "secret: changeme",
        "api_key: YOUR_API_KEY_HERE", "access_token=REDACTED", "passwd: xxxxxxxx", "AKIA1234",
        "ghp_short", "sk-learn", "sk-this-is-a-kebab-case-identifier-that-is-long-enough",
        "The secret is out: the new dashboard launches", "\"token\": \"a sentence about tokens and more\"",
        "password = 'correct horse battery staple'", "The bearer token expired", "xoxo and xoxb-",
        "AIza... is a placeholder", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "The base64 of hello world is aGVsbG8gd29ybGQ=",
        "commit 3f9c2a7e1b4d8f0a6c5e2d1b9a8f7e6d5c4b3a21", "id 550e8400-e29b-41d4-a716-446655440000"})
    void refusesPlaceholdersReferencesAndWords(String text) {
        assertThat(values(PiiKind.SECRET, text)).isEmpty();
    }

    @Test
    void onlyTheValueOfAnAssignmentIsTheMatch() {
        String text = "mysql --password=Tr0ub4dor&3 -h db";
        PiiMatch m = PiiTexts.ALL.find(text).get(0);
        assertThat(text.substring(0, m.start())).isEqualTo("mysql --password=");
    }

    @Test
    void entropyAndClasses() {
        assertThat(SecretRecognizer.entropy("aaaaaaaa")).isZero();
        assertThat(SecretRecognizer.entropy("abcdefgh")).isEqualTo(3.0);
        assertThat(SecretRecognizer.classes("aB3$")).isEqualTo(4);
        assertThat(SecretRecognizer.placeholder("${SECRET}")).isTrue();
    }
}
