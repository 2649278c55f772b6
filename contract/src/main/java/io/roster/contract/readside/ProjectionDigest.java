package io.roster.contract.readside;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 over a projection's content, fed record by record in a canonical order. Each value is
 * length-prefixed so that no two different contents hash the same text; records of different kinds
 * are told apart by their kind name, which also names the count reported next to the digest.
 */
public final class ProjectionDigest {

    public static final String ALGORITHM = "SHA-256";

    private final MessageDigest sha256;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    public ProjectionDigest(String... kinds) {
        try {
            sha256 = MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (String kind : kinds) {
            counts.put(kind, 0L);
        }
    }

    /** Adds one record; values are rendered with {@code toString()} (ISO-8601 for instants), null as a marker. */
    public ProjectionDigest add(String kind, Object... values) {
        StringBuilder line = new StringBuilder(kind);
        for (Object value : values) {
            if (value == null) {
                line.append("|~");
            } else {
                String text = value.toString();
                line.append('|').append(text.length()).append(':').append(text);
            }
        }
        line.append('\n');
        sha256.update(line.toString().getBytes(StandardCharsets.UTF_8));
        counts.merge(kind, 1L, Long::sum);
        return this;
    }

    public Digest finish() {
        return new Digest(ALGORITHM, HexFormat.of().formatHex(sha256.digest()), counts);
    }

    /** The digest of a whole projection and how many records of each kind went into it. */
    public record Digest(String algorithm, String value, Map<String, Long> counts) {
        public Digest {
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }
    }
}
