package io.roster.command.auth.adapter.in.rest;

import io.roster.command.web.BadRequestException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The device's own address as a gateway reports it ({@code peerAddress} of a connect, {@code peerhost} of the EMQX
 * hook): an IPv4 or IPv6 literal, written back in one canonical form so that one address is one source of the failure
 * limits however it was spelled. Never resolved: anything but a literal is refused before {@link InetAddress} sees it.
 */
final class PeerAddress {

    /** Longest IPv6 literal with an embedded IPv4 address. */
    private static final int MAX_LENGTH = 45;

    private PeerAddress() {
    }

    /** The canonical literal, {@code null} for {@code null}; {@link BadRequestException} when it is not an IP literal. */
    static String canonical(String field, String value) {
        if (value == null) {
            return null;
        }
        String parsed = parse(value);
        if (parsed == null) {
            throw new BadRequestException("field '" + field + "' must be an IPv4 or IPv6 address");
        }
        return parsed;
    }

    /** The canonical literal, or {@code null} when {@code value} is not an IPv4 or IPv6 literal. */
    static String parse(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return null;
        }
        boolean colon = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':') {
                colon = true;
            } else if (!(c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return null;
            }
        }
        if (!colon && !isIpv4(value)) {
            return null;
        }
        try {
            // Only hex digits, dots and colons, and either a colon (an IPv6 literal) or a dotted quad: never a name lookup.
            return InetAddress.getByName(value).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (!Character.isDigit(part.charAt(i))) {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
