package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

class PiiIbanTest {

    /** The SWIFT IBAN registry's examples, and generated accounts with valid check digits. */
    @ParameterizedTest
    @ValueSource(strings = {"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00",
        "NL91 ABNA 0417 1643 00", "FR14 2004 1010 0505 0001 3M02 606", "ES91 2100 0418 4502 0005 1332",
        "IT60 X054 2811 1010 0000 0123 456", "BE68 5390 0754 7034", "CH93 0076 2011 6238 5295 7",
        "NO93 8601 1117 947", "PL61 1090 1014 0000 0712 1981 2874", "FI2112345600000785",
        "SE4962057986828288072902", "MT54GOEN16751P1ENTHJXJQI3OGZ5KO", "gb82west12345698765432"})
    void findsValidIbans(String iban) {
        assertThat(found("Pay to " + iban + " please")).containsExactly(
                "iban/" + iban.substring(0, 2).toLowerCase() + ":" + iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GB82 WEST 1234 5698 7654 33",      // last digit off by one
        "GB83 WEST 1234 5698 7654 32",      // check digits off by one
        "DE82928159013962459571",           // check digits off by one
        "NL91 ABNA 0417 1643 001",          // too long for NL
        "NL91 ABNA 0417 1643",              // too short
        "XX82 WEST 1234 5698 7654 32",      // no such country
        "GB82 WES T123 4569 8765 432",      // not in groups of four
        "Gb82WEST12345698765432",           // mixed case country code
        "gb82WEST12345698765432"            // mixed case
    })
    void refusesWhatFailsTheChecks(String text) {
        assertThat(values(PiiKind.IBAN, "Pay to " + text + " please")).isEmpty();
    }

    @Test
    void mod97() {
        // ISO 7064: the rearranged IBAN, read as a number with A = 10 … Z = 35, leaves 1.
        assertThat(CheckDigits.mod97("WEST12345698765432GB82")).isEqualTo(1);
        assertThat(IbanRecognizer.LENGTHS).hasSizeGreaterThanOrEqualTo(40).containsEntry("NO", 15)
                .containsEntry("MT", 31);
    }

    @Test
    void notInsideAWord() {
        assertThat(values(PiiKind.IBAN, "xGB82WEST12345698765432")).isEmpty();
        assertThat(values(PiiKind.IBAN, "GB82WEST12345698765432x")).isEmpty();
    }
}
