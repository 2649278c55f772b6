package io.roster.contract.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The header names and values the firewall admits: assigned characters that are not ISO control characters —
 * the rule of {@link StrictHttpFirewall}'s default, checked by a loop instead of its regular expression.
 * <p>
 * The default runs {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} over every header; with a bearer token of a
 * kilobyte on each call that was 7% of a connection-authentication decision's CPU. Printable ASCII, which is
 * what real headers are, is decided by a range check; anything else by the same character properties.
 */
final class HeaderCharacters {

    private HeaderCharacters() {
    }

    static boolean allowed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            return allowedCodePoints(text, i);
        }
        return true;
    }

    private static boolean allowedCodePoints(String text, int from) {
        for (int i = from, n = text.length(); i < n; ) {
            int codePoint = text.codePointAt(i);
            if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.UNASSIGNED) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** Spring Security's strict firewall with these checks for header names and values. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::allowed);
        firewall.setAllowedHeaderValues(HeaderCharacters::allowed);
        return firewall;
    }
}
