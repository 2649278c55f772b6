package io.roster.contract.security;

import io.roster.devstack.auth.AccessMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTest {

    private static Jwt withRoles(Object roles) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("someone").claim("roles", roles)
                .issuedAt(Instant.now().minusSeconds(10)).expiresAt(Instant.now().plusSeconds(600)).build();
    }

    @Test
    void claimValuesShouldBeLowerCaseWithDashes() {
        assertThat(Role.REGION_PEER.claimValue()).isEqualTo("region-peer");
        assertThat(Role.LEDGER.claimValue()).isEqualTo("ledger");
        assertThat(Role.LEDGER.authority()).isEqualTo("ROLE_ledger");
    }

    /** The devstack mints a token for each role (tokens/<role>.jwt), and every security test walks them all. */
    @Test
    void theDevstackShouldMintATokenForEveryRoleAndNoOther() {
        assertThat(AccessMatrix.ROLES).containsExactlyInAnyOrderElementsOf(
                Stream.of(Role.values()).map(Role::claimValue).toList());
    }

    @Test
    void everyRoleShouldBeReadFromATokenAndOthersIgnored() {
        RolesClaimConverter converter = new RolesClaimConverter("roles");

        assertThat(converter.convert(withRoles(List.of("ledger", "billing"))))
                .extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ledger");
        assertThat(converter.convert(withRoles("analyst ledger")))
                .extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_analyst", "ROLE_ledger");
        assertThat(converter.convert(withRoles(Stream.of(Role.values()).map(Role::claimValue).toList())))
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyElementsOf(Stream.of(Role.values()).map(Role::authority).toList());
    }
}
