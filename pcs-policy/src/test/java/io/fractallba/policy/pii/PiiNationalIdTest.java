package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid identifiers are published examples (12345678Z, 131052-308T, RSSMRA85T10A562S) or generated with a correct
 * check; each negative is the same identifier with its check digit or letter moved by one.
 */
class PiiNationalIdTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SSN 078-05-1120 on file|us_ssn|078-05-1120",
        "ssn=285-18-7054|us_ssn|285-18-7054",
        "Social Security number 536225467.|us_ssn|536225467",
        "Mijn BSN is 846563216.|nl_bsn|846563216",
        "burgerservicenummer: 8465.63.216|nl_bsn|8465.63.216",
        "sofinummer 846 563 216|nl_bsn|846 563 216",
        "DNI 12345678Z|es_dni|12345678Z",
        "NIF 33651543-J del titular|es_dni|33651543-J",
        "NIE X3891590J|es_nie|X3891590J",
        "NIE X-3891590-J|es_nie|X-3891590-J",
        "NIR 1 40 08 67 187 270 32|fr_nir|1 40 08 67 187 270 32",
        "n° 240032B54837983 (Corse)|fr_nir|240032B54837983",
        "n° 185052A12345633|fr_nir|185052A12345633",
        "hetu 131052-308T|fi_hetu|131052-308T",
        "hetu 160994-581K|fi_hetu|160994-581K",
        "pnr 680801-9753|se_personnummer|680801-9753",
        "född 19510405-7079|se_personnummer|19510405-7079",
        "personnummer 6808019753|se_personnummer|6808019753",
        "CF RSSMRA85T10A562S|it_codice_fiscale|RSSMRA85T10A562S",
        "codice fiscale VNPRRS43M28M818P|it_codice_fiscale|VNPRRS43M28M818P",
        "PESEL 90030564285|pl_pesel|90030564285",
        "numer PESEL: 44051401359|pl_pesel|44051401359"})
    void findsEachCountry(String text, String detail, String value) {
        assertThat(found(text)).containsExactly("national_id/" + detail + ":" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSN 000-12-3456", "SSN 666-45-6789", "SSN 900-12-3456", "SSN 123-00-4567",
        "SSN 123-45-0000", "BSN 846563217", "DNI 33651543Z", "NIE X3891590Z", "NIR 1 40 08 67 187 270 33",
        "NIR 240032B54837984", "hetu 160994-581L", "hetu 131052-308X", "pnr 680801-9754", "pnr 19510405-7070",
        "CF VNPRRS43M28M818Q", "CF ABCDEF12G34H567I", "PESEL 90030564286", "hetu 310299-123A",
        "pnr 681301-9753"})
    void refusesACheckOffByOneOrAnImpossibleDate(String text) {
        assertThat(values(PiiKind.NATIONAL_ID, text)).isEmpty();
    }

    @Test
    void weakChecksNeedAContextWord() {
        // 11-proof, Luhn or mod 10 over a plain digit run: 1 in 10 or 11 random numbers pass.
        assertThat(values(PiiKind.NATIONAL_ID, "order 846563216 shipped")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "invoice 90030564285 paid")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "id 536225467")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "ref 6808019753")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "846563216 (BSN)")).containsExactly("846563216");
    }

    @Test
    void notCutOutOfLongerTokens() {
        assertThat(values(PiiKind.NATIONAL_ID, "SSN 078-05-1120-7")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "x12345678Z")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "BSN 1846563216")).isEmpty();
        assertThat(values(PiiKind.NATIONAL_ID, "XRSSMRA85T10A562S")).isEmpty();
    }

    @Test
    void checkAlgorithms() {
        assertThat(NationalIdRecognizer.bsn("111222333")).isTrue();
        assertThat(NationalIdRecognizer.bsn("000000000")).isFalse();
        assertThat(NationalIdRecognizer.hetu("131052", '-', "308", 'T')).isTrue();
        assertThat(NationalIdRecognizer.hetu("010100", 'A', "001", 'X')).isFalse();   // individual number 001
        assertThat(NationalIdRecognizer.personnummer("8112189876")).isTrue();
        assertThat(NationalIdRecognizer.codiceFiscale("RSSMRA85T10A562S")).isTrue();
        assertThat(NationalIdRecognizer.codiceFiscale("RSSMRA85T10A56NS")).isFalse();
        assertThat(NationalIdRecognizer.pesel("44051401359")).isTrue();
        assertThat(NationalIdRecognizer.pesel("44051401358")).isFalse();
        assertThat(NationalIdRecognizer.ssn(78, 5, 1120)).isTrue();
    }
}
