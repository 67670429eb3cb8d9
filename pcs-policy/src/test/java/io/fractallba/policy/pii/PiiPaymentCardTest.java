package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

class PiiPaymentCardTest {

    /** Scheme test numbers (published by the schemes and PSPs) and generated numbers with a valid Luhn digit. */
    @ParameterizedTest
    @CsvSource({
        "4111 1111 1111 1111, visa", "4242424242424242, visa", "4222222222222, visa", "4601815908301662, visa",
        "5555 5555 5555 4444, mastercard", "5118-6091-3909-9606, mastercard", "2223 0031 2200 3222, mastercard",
        "2300824628194827, mastercard", "3782 822463 10005, amex", "345181909378657, amex",
        "6011 1111 1111 1117, discover", "6221265432319480, discover", "3530 1113 3330 0000, jcb",
        "3589749118625271, jcb", "3056 9309 0259 04, diners", "38189555979712, diners",
        "6200 0000 0000 0005, unionpay", "6271049746507529172, unionpay", "5018423667127685, maestro"})
    void findsEverySchemeWithAValidLuhnDigit(String number, String scheme) {
        assertThat(found("card " + number + " exp 12/26")).containsExactly("payment_card/" + scheme + ":" + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "4601815908301663", "5118609139099607", "2300824628194828",
        "345181909378658", "6221265432319481", "3589749118625272", "38189555979713", "6271049746507529173",
        "5018423667127686"})
    void refusesACheckDigitOffByOne(String number) {
        assertThat(values(PiiKind.PAYMENT_CARD, "card " + number)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1234567890123452",       // Luhn-valid, no scheme starts with 1
        "9876543210987654",       // no scheme
        "0000 0000 0000 0000",    // no scheme
        "4111111111111111111111", // too long
        "411111111111",           // too short
        "378282246310005000",     // Amex prefix, wrong length
        "4111 111 1111 1111 1",   // not a printed grouping
        "1705665600123456789",    // a nanosecond timestamp
        "4111 1111 1111 1111.5"   // part of a decimal number
    })
    void refusesWhatIsNotACard(String text) {
        assertThat(values(PiiKind.PAYMENT_CARD, "x " + text + " y")).isEmpty();
    }

    @Test
    void mixedSeparatorsAreNotOneNumber() {
        assertThat(values(PiiKind.PAYMENT_CARD, "4111 1111-1111 1111")).isEmpty();
    }

    @Test
    void findsACardAfterAnotherNumberInTheSameRun() {
        assertThat(values(PiiKind.PAYMENT_CARD, "order 2024 4111 1111 1111 1111")).containsExactly(
                "4111 1111 1111 1111");
    }

    @Test
    void luhnAndSchemeTables() {
        assertThat(CheckDigits.luhn("79927398713")).isTrue();
        assertThat(CheckDigits.luhn("79927398710")).isFalse();
        assertThat(PaymentCardRecognizer.scheme("2720990000000000")).isEqualTo("mastercard");
        assertThat(PaymentCardRecognizer.scheme("2721000000000000")).isNull();
        assertThat(PaymentCardRecognizer.scheme("6500000000000000")).isEqualTo("discover");
    }
}
