package io.roster.command.adapter.out.replay;

import io.roster.command.auth.replay.ClaimSink;
import io.roster.command.auth.replay.ForwardedClaims;
import io.roster.command.auth.replay.ReplayClaimStore.Claim;
import io.roster.command.auth.replay.ReplayClaims.NotLeadingException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Sends a batch of claims to the lead instance's decision port ({@link ForwardedClaims}) and reads those won. */
public class HttpClaimSink implements ClaimSink {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final HttpClient http;
    private final URI uri;
    private final ForwardedClaims wire;

    public HttpClaimSink(HttpClient http, String leadUrl, ForwardedClaims wire) {
        this.http = http;
        this.uri = URI.create(leadUrl + ForwardedClaims.PATH);
        this.wire = wire;
    }

    /** A client for forwarding: HTTP/1.1 keep-alive connections, a short connect timeout. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @Override
    public Set<UUID> claim(List<Claim> claims) {
        byte[] body = wire.request(claims);
        String tag = wire.tagRequest(body);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header(ForwardedClaims.TAG_HEADER, tag)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("the replay claims' lead at " + uri + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding replay claims", e);
        }
        if (response.statusCode() == 409) {
            throw new NotLeadingException("the instance at " + uri + " no longer leads the replay claims");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the replay claims' lead at " + uri + " answered " + response.statusCode());
        }
        return wire.won(tag, response.body(), response.headers().firstValue(ForwardedClaims.TAG_HEADER).orElse(null));
    }
}
