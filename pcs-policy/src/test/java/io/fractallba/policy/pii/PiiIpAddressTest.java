package io.fractallba.policy.pii;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static io.fractallba.policy.pii.PiiTexts.found;
import static io.fractallba.policy.pii.PiiTexts.values;
import static org.assertj.core.api.Assertions.assertThat;

class PiiIpAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.146", "198.51.100.7", "203.0.113.255", "10.12.3.45", "172.16.254.1"})
    void ipv4(String address) {
        assertThat(found("from " + address + " now")).containsExactly("ip_address/ipv4:" + address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a",
        "::ffff:192.0.2.128", "2001:DB8:0:0:8:800:200C:417A", "2001:db8::1", "::ffff:c000:280", "2001:db8:1::ab9:c0a8:102"})
    void ipv6(String address) {
        assertThat(found("peer " + address + " closed")).containsExactly("ip_address/ipv6:" + address);
    }

    @Test
    void inUrlsPortsAndBrackets() {
        assertThat(values(PiiKind.IP_ADDRESS, "http://192.0.2.1:8080/x and [2001:db8::1]:443 and 192.0.2.9."))
                .containsExactly("192.0.2.1", "2001:db8::1", "192.0.2.9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3.4.5", "01.2.3.4", "1.2.3", "v1.2.3.4", "Chrome/120.0.0.0",
        "version 4.3.2.1", "firmware 2.4.1.0", "127.0.0.1", "0.0.0.0", "255.255.255.0", "10.0.0.0/8",
        "192.0.2.0/24", "2001:db8::/32", "::", "::1", "12:30:45", "00:1A:2B:3C:4D:5E", "std::vector", "Foo::Bar",
        "dead::beef", "1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "10.0.19045.3803", "1.3.6.1.4.1.2021"})
    void refusesLookAlikes(String text) {
        assertThat(values(PiiKind.IP_ADDRESS, "x " + text + " y")).isEmpty();
    }

    @Test
    void aHostInsideANetworkNotationIsStillAHost() {
        assertThat(values(PiiKind.IP_ADDRESS, "host 192.0.2.5/24")).containsExactly("192.0.2.5");
    }
}
