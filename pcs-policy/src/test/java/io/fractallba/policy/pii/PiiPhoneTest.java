package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

class PiiPhoneTest {

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 0198", "+1 (312) 555-0199", "+1-202-555-0167", "+44 20 7946 0958",
        "+44 (0)20 7946 0958", "+31 6 12345678", "+31612345678", "+33 6 12 34 56 78", "+49 30 901820",
        "+358 40 123 4567", "+46 70 123 45 67", "+420 601 123 456", "+81 3-1234-5678", "(+34) 612 345 678",
        "0044 20 7946 0958", "0039 347 765 4321"})
    void internationalForms(String number) {
        assertThat(found("Call " + number + ", thanks.")).containsExactly("phone/international:" + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(555) 123-4567", "(212) 555-0143", "646-555-0110", "555.014.7731", "1-800-555-0199",
        "020 7946 0958", "07700 900457", "06 12 34 56 78", "06-12345678", "020-5551234", "040 123 4567",
        "070-123 45 67", "08-123 456 78", "0221 1234567", "030 12345678"})
    void nationalForms(String number) {
        assertThat(found("Number: " + number + ".")).containsExactly("phone/national:" + number);
    }

    @Test
    void trunkLessAndBareNumbersNeedAPhoneWord() {
        assertThat(values(PiiKind.PHONE, "Mi teléfono es 612 345 678.")).containsExactly("612 345 678");
        assertThat(values(PiiKind.PHONE, "Proszę dzwonić pod tel. 512 345 678")).containsExactly("512 345 678");
        assertThat(values(PiiKind.PHONE, "Tel: 0612345678")).containsExactly("0612345678");
        assertThat(values(PiiKind.PHONE, "Rufnummer 030 901820")).containsExactly("030 901820");
        assertThat(values(PiiKind.PHONE, "Order 612 345 678 shipped")).isEmpty();
        assertThat(values(PiiKind.PHONE, "Reference 0612345678")).isEmpty();
        assertThat(values(PiiKind.PHONE, "Product code 078-051-120")).isEmpty();
        // "tel" must be a word: not the start of "telemetry", not inside "hotel".
        assertThat(values(PiiKind.PHONE, "Telemetry id 612345678")).isEmpty();
        assertThat(values(PiiKind.PHONE, "hotel 612345678")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15", "15.01.2024", "01/15/2024", "12:30:45", "10:30", "1.2.3", "10.0.19045.3803",
        "3.14159265358979", "192.168.100.200", "4111 1111 1111 1111", "1705665600000", "123-456-7890",
        "+5.2%", "+1,234,567", "0.123456789", "1 234 567", "12.345.678,90", "e966b52c992aefad3c3d0196db02554f",
        "+12 345 678 901", "00-1234567-89", "+44 20 7946", "555-1234"})
    void refusesNumbersThatAreNotPhones(String text) {
        assertThat(values(PiiKind.PHONE, "value " + text + " end")).isEmpty();
    }

    @Test
    void doesNotCutAPhoneOutOfALongerNumber() {
        assertThat(values(PiiKind.PHONE, "id 020 7946 0958 2211 3344 5566")).isEmpty();
        assertThat(values(PiiKind.PHONE, "x020 7946 0958")).isEmpty();
        assertThat(values(PiiKind.PHONE, "020 7946 0958.5")).isEmpty();
        assertThat(values(PiiKind.PHONE, "06 12 34 56 78@example.com")).isEmpty();
    }

    @Test
    void separatorsMustAgree() {
        assertThat(values(PiiKind.PHONE, "at 020.7946-0958 now")).isEmpty();
        assertThat(values(PiiKind.PHONE, "at 020 7946.0958 now")).isEmpty();
    }

    @Test
    void callingCodeMustBeAssigned() {
        assertThat(values(PiiKind.PHONE, "dial +28 612 345 678")).isEmpty();   // 28 is unassigned
        assertThat(values(PiiKind.PHONE, "dial +27 612 345 678")).containsExactly("+27 612 345 678");
    }
}
