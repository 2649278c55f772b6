package io.roster.ledger.adapter.out.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.ledger.application.reconciliation.CommandSideCodes;
import io.roster.ledger.application.reconciliation.CommandSideUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks device-command for a product's codes: {@code GET /api/v1/products/{productKey}/activation-codes} with the
 * ledger's own bearer token (role {@code ledger}, docs/security.md). The token is read from its file at every
 * call, so a rotated token is used as soon as it is written; it is never logged.
 */
public class HttpCommandSideCodes implements CommandSideCodes {

    private final URI commandUrl;
    private final Path tokenFile;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public HttpCommandSideCodes(URI commandUrl, Path tokenFile, Duration timeout) {
        this.commandUrl = commandUrl;
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Optional<DecidedCodes> codes(String productKey) {
        URI uri = commandUrl.resolve("/api/v1/products/" + URLEncoder.encode(productKey, StandardCharsets.UTF_8)
                + "/activation-codes");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandSideUnavailableException("device-command at " + commandUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandSideUnavailableException("interrupted while asking device-command", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new CommandSideUnavailableException("device-command answered " + response.statusCode()
                    + " for the codes of " + productKey, null);
        }
        try {
            JsonNode body = json.readTree(response.body());
            return Optional.of(new DecidedCodes(body.path("productKey").asText(), body.path("granted").asLong(),
                    body.path("available").asLong(), body.path("seq").asLong()));
        } catch (IOException e) {
            throw new CommandSideUnavailableException("device-command's answer was not the expected JSON", e);
        }
    }

    private String token() {
        try {
            return Files.readString(tokenFile).strip();
        } catch (IOException e) {
            throw new CommandSideUnavailableException("cannot read the ledger's token file " + tokenFile, e);
        }
    }
}
