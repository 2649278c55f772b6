package io.roster.contract.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the roles claim of a token into authorities. The claim may be a list or a space-separated
 * string; a dotted name ({@code realm_access.roles}, as Keycloak writes it) walks nested objects.
 * Values that are not Roster roles are ignored, so an IdP's other roles grant nothing here.
 */
public final class RolesClaimConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

    private static final Set<String> KNOWN = Stream.of(Role.values()).map(Role::claimValue).collect(Collectors.toSet());

    private final String claim;

    public RolesClaimConverter(String claim) {
        this.claim = claim;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Object value = lookup(jwt);
        List<String> values = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        } else if (value instanceof String text) {
            values.addAll(List.of(text.trim().split("\\s+")));
        }
        return values.stream().filter(KNOWN::contains).distinct()
                .<GrantedAuthority>map(v -> new SimpleGrantedAuthority("ROLE_" + v)).toList();
    }

    private Object lookup(Jwt jwt) {
        String[] path = claim.split("\\.");
        Object current = jwt.getClaims().get(path[0]);
        for (int i = 1; i < path.length && current != null; i++) {
            current = current instanceof java.util.Map<?, ?> map ? map.get(path[i]) : null;
        }
        return current;
    }
}
