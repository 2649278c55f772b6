package io.roster.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Roster service in launcher tests: answers {@code /actuator/health} with UP and
 * {@code /env} with its environment, one {@code NAME=value} a line. Packed alone into a jar, so it may
 * use nothing but the JDK.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/actuator/health", exchange -> reply(exchange, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/env", exchange -> {
            StringBuilder body = new StringBuilder();
            new TreeMap<>(System.getenv()).forEach((name, value) -> body.append(name).append('=').append(value).append('\n'));
            reply(exchange, "text/plain", body.toString());
        });
        server.start();
        System.out.println("fake service listening on " + port);
    }

    private static void reply(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A service that fails at start-up, as one with a broken configuration would. */
    public static final class Failing {

        private Failing() {
        }

        public static void main(String[] args) {
            System.out.println("APPLICATION FAILED TO START: boom");
            System.exit(3);
        }
    }
}
