package io.roster.command.auth.application.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The wire form of claims forwarded to the lead instance ({@code POST /internal/v1/replay-claims} on its decision
 * port, docs/security.md, "Replay protection"): JSON bodies, each tagged in a header with an HMAC under a key derived
 * from the deployment's key-encryption key ({@link InstanceTags}), the answer's tag bound to its
 * request's. Only instances holding the deployment's keys can claim, and a claim's answer cannot be forged.
 */
public final class ForwardedClaims {

    public static final String PATH = "/internal/v1/replay-claims";
    public static final String TAG_HEADER = "X-Roster-Instance-Tag";
    private static final String REQUEST = "replay-claims request";
    private static final String ANSWER = "replay-claims answer";

    record Sent(String fingerprint, long expiresAt) {
    }

    record Request(List<Sent> claims) {
    }

    record Answer(List<String> won) {
    }

    private final ObjectMapper json;
    private final InstanceTags keys;

    public ForwardedClaims(ObjectMapper json, InstanceTags keys) {
        this.json = json;
        this.keys = keys;
    }

    public byte[] request(List<Claim> claims) {
        List<Sent> sent = new ArrayList<>(claims.size());
        for (Claim claim : claims) {
            sent.add(new Sent(claim.fingerprint().toString(), claim.expiresAt().toEpochMilli()));
        }
        return write(new Request(sent));
    }

    public String tagRequest(byte[] body) {
        return keys.tag(REQUEST, body);
    }

    /** The claims of a request whose tag is right; {@link IllegalArgumentException} when the tag or body is not. */
    public List<Claim> claims(byte[] body, String tag) {
        if (!keys.verify(REQUEST, body, tag)) {
            throw new SecurityException("the request is not tagged with this deployment's key");
        }
        try {
            Request request = json.readValue(body, Request.class);
            List<Claim> claims = new ArrayList<>(request.claims().size());
            for (Sent sent : request.claims()) {
                claims.add(new Claim(UUID.fromString(sent.fingerprint()), Instant.ofEpochMilli(sent.expiresAt())));
            }
            return claims;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a replay-claims request", e);
        }
    }

    public byte[] answer(Set<UUID> won) {
        List<String> fingerprints = new ArrayList<>(won.size());
        for (UUID fingerprint : won) {
            fingerprints.add(fingerprint.toString());
        }
        return write(new Answer(fingerprints));
    }

    public String tagAnswer(String requestTag, byte[] answer) {
        return keys.tag(ANSWER, bound(requestTag, answer));
    }

    /** The claims won, from an answer whose tag is right for the request tagged {@code requestTag}. */
    public Set<UUID> won(String requestTag, byte[] answer, String tag) {
        if (!keys.verify(ANSWER, bound(requestTag, answer), tag)) {
            throw new SecurityException("the lead's answer is not tagged with this deployment's key");
        }
        try {
            Set<UUID> won = new HashSet<>();
            for (String fingerprint : json.readValue(answer, Answer.class).won()) {
                won.add(UUID.fromString(fingerprint));
            }
            return won;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the lead's answer is not a replay-claims answer", e);
        }
    }

    private static byte[] bound(String requestTag, byte[] answer) {
        byte[] tag = requestTag.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + tag.length + answer.length).putInt(tag.length).put(tag).put(answer).array();
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("replay claims could not be written as JSON", e);
        }
    }
}
