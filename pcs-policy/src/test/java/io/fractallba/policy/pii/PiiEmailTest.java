package io.fractallba.policy.pii;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

class PiiEmailTest {

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.com", "o'brien.p@example.ie", "sales+emea@example.com",
        "x.y.z@mail.example.museum", "Support.Lead@Example.COM", "müller@example.de", "a_b-c@sub.example.co.uk",
        "12345@example.org"})
    void findsAddresses(String address) {
        assertThat(found("Contact " + address + " today.")).containsExactly("email/email:" + address);
    }

    @Test
    void trimsProsePunctuationAroundTheAddress() {
        assertThat(values(PiiKind.EMAIL, "email='ann@example.org', (bob@example.net). <cy@example.com>"))
                .containsExactly("ann@example.org", "bob@example.net", "cy@example.com");
        assertThat(values(PiiKind.EMAIL, "write to ann@example.org.")).containsExactly("ann@example.org");
        assertThat(values(PiiKind.EMAIL, "a=ann@example.org; {{bob@example.net}} ...cy@example.com"))
                .containsExactly("ann@example.org", "bob@example.net", "cy@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "git@github.com:example/repo.git", "logo@2x.png", "icon@3x.webp",
        "@angular/core@17.3.1", "lodash@4.17.21", "https://user@example.com/path", "postgres://u:p4ss@db.example.com/x",
        "first..last@example.com", "ann@example.c0m", "ann@-example.com", "@example.com",
        "first.last@", "@Override", "image@sha256:4d5e6f"})
    void refusesLookAlikes(String text) {
        assertThat(values(PiiKind.EMAIL, "see " + text + " now")).isEmpty();
    }

    @Test
    void localPartOver64CharsIsNotAnAddress() {
        assertThat(values(PiiKind.EMAIL, "a".repeat(65) + "@example.com")).isEmpty();
        assertThat(values(PiiKind.EMAIL, "a".repeat(64) + "@example.com")).hasSize(1);
    }
}
