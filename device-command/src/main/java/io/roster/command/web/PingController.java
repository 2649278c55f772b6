package io.roster.command.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A trivial, open endpoint: a gateway's reachability check, and the baseline the authentication benchmark
 * compares decisions with (the same server, the same filters, no work behind them).
 */
@RestController
class PingController {

    private static final String PONG = "{\"status\":\"ok\"}";

    @GetMapping(path = "/api/v1/ping", produces = MediaType.APPLICATION_JSON_VALUE)
    String ping() {
        return PONG;
    }
}
