package io.roster.command.auth.adapter.in.rest;

import io.roster.command.web.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerAddressTest {

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, 10.1.2.3",
            "255.255.255.255, 255.255.255.255",
            "2001:DB8::1, 2001:db8:0:0:0:0:0:1",
            "2001:db8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
            "::1, 0:0:0:0:0:0:0:1",
            "::ffff:192.0.2.1, 192.0.2.1"
    })
    void ipLiteralsShouldBeAcceptedInOneCanonicalForm(String given, String canonical) {
        assertThat(PeerAddress.canonical("peerAddress", given)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example.com", "abc", "deadbeef", "1.2.3", "1.2.3.4.5", "1.2.3.256",
            "01.2.3.4", "1.2.3.4 ", "::g", "1::2::3", "fe80::1%eth0", "[::1]", "10.0.0.1:443", "1.2.3.-4"})
    void anythingElseShouldBeRefusedWithoutALookup(String given) {
        assertThatThrownBy(() -> PeerAddress.canonical("peerAddress", given))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("'peerAddress' must be an IPv4 or IPv6 address");
    }

    @Test
    void anAbsentAddressShouldBeNoSource() {
        assertThat(PeerAddress.canonical("peerAddress", null)).isNull();
    }
}
