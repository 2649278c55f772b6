package io.roster.bench;

import io.roster.bench.load.TestHttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AddLoadTest {

    private static final List<String> PRODUCTS = List.of("p0", "p1", "p2");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void closedLoopShouldClassifyEveryAddOnceAndAcknowledgeEachAddedInTheTimeline() throws IOException {
        DeviceList devices = new DeviceList(90, Integer.MAX_VALUE);
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0, devices)) {
            AckTimeline timeline = new AckTimeline();

            AddLoad.Outcome outcome = load(server, timeline, "--count", "300", "--concurrency", "4").run();

            assertThat(outcome.sent()).isEqualTo(300);
            assertThat(outcome.added()).isEqualTo(270);
            assertThat(outcome.refused()).as("over the quota of 90 per product").isEqualTo(30);
            assertThat(outcome.errors()).as("%s", outcome.errorExamples()).isZero();
            assertThat(outcome.uncertain()).isZero();
            assertThat(outcome.acknowledged()).isEqualTo(devices.added());
            assertThat(outcome.addedPerProduct()).containsExactly(90, 90, 90);
            assertThat(outcome.measured()).isEqualTo(270);
            assertThat(outcome.latencyMicros().getTotalCount()).isEqualTo(270);
            assertThat(outcome.stalled()).isFalse();
            assertThat(timeline.acked()).isEqualTo(270);
            assertThat(timeline.lagNanos(0, System.nanoTime())).as("the first acknowledgement's age").isPositive();
            assertThat(outcome.lastAckNanos()).isBetween(outcome.startNanos(), outcome.finishedNanos());
            assertThat(devices.headers).containsExactly("Bearer s3cret application/json");
        }
    }

    @Test
    void repeatsShouldBeErrorsAndServerErrorsUncertain() throws IOException {
        DeviceList devices = new DeviceList(90, Integer.MAX_VALUE);
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CHUNKED, 0, devices)) {
            load(server, new AckTimeline(), "--count", "300", "--concurrency", "4").run();
            devices.failing = "p2";

            AddLoad.Outcome again = load(server, new AckTimeline(), "--count", "300", "--concurrency", "4").run();

            assertThat(again.sent()).isEqualTo(300);
            assertThat(again.added()).isZero();
            assertThat(again.refused()).as("p0 and p1 beyond their quota").isEqualTo(20);
            assertThat(again.errors()).as("180 DEVICE_EXISTS and 100 answers of 500").isEqualTo(280);
            assertThat(again.uncertain()).as("only a 500 may have added the device").isEqualTo(100);
            assertThat(again.uncertainPerProduct()).containsExactly(0, 0, 100);
            assertThat(again.uncertainAdds()).contains("p2/t1-2").doesNotContain("p0/t1-0");
            assertThat(again.acknowledged()).isEmpty();
            assertThat(again.errorExamples()).hasSize(5).anyMatch(e -> e.endsWith("HTTP 409 DEVICE_EXISTS"))
                    .anyMatch(e -> e.endsWith("HTTP 500 INTERNAL"));
        }
    }

    @Test
    void closedLoopForADurationShouldWaitForTheAddsInFlightAtItsEnd() throws IOException {
        DeviceList devices = new DeviceList(Integer.MAX_VALUE, Integer.MAX_VALUE);
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 2, devices)) {
            long started = System.nanoTime();

            AddLoad.Outcome outcome = load(server, new AckTimeline(), "--duration", "300ms", "--concurrency", "3").run();

            assertThat(System.nanoTime() - started).isBetween(SECOND * 3 / 10, SECOND * 3 / 2);
            assertThat(outcome.sent()).isPositive().isEqualTo(outcome.added());
            assertThat(outcome.acknowledged()).isEqualTo(devices.added());
            assertThat(outcome.finishedNanos() - outcome.startNanos()).isGreaterThanOrEqualTo(SECOND * 3 / 10);
        }
    }

    @Test
    void openLoopShouldSendTheAddsDueInItsDurationAndMeasureThoseAfterTheWarmUp() throws IOException {
        DeviceList devices = new DeviceList(Integer.MAX_VALUE, Integer.MAX_VALUE);
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0, devices)) {
            long started = System.nanoTime();

            AddLoad.Outcome outcome = load(server, new AckTimeline(), "--rate", "40", "--duration", "1s", "--warmup", "500ms",
                    "--concurrency", "2").run();

            assertThat(System.nanoTime() - started).isBetween(SECOND * 9 / 10, 2 * SECOND);
            // a busy machine may hold the last add past the end, or the answers to a few before the warm-up's end
            assertThat(outcome.sent()).as("adds 0 to 39 are due in the second").isBetween(38L, 40L);
            assertThat(outcome.added()).isEqualTo(outcome.sent());
            assertThat(outcome.measured()).as("adds 20 on are due after the warm-up")
                    .isBetween(outcome.sent() - 20, outcome.sent() - 17);
            assertThat(outcome.latencyMicros().getTotalCount()).isEqualTo(outcome.measured());
            assertThat(outcome.errors()).isZero();
        }
    }

    @Test
    void aServerThatStopsAnsweringShouldStopTheRunAndLeaveTheAddsInFlightUncertain() throws IOException {
        DeviceList devices = new DeviceList(Integer.MAX_VALUE, 5);
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0, devices)) {
            long started = System.nanoTime();

            AddLoad.Outcome outcome = load(server, new AckTimeline(), "--count", "100", "--concurrency", "2",
                    "--stall-timeout", "300ms", "--request-timeout", "800ms").run();

            assertThat(System.nanoTime() - started).as("stall, then the request time-out").isBetween(SECOND / 2, 2 * SECOND);
            assertThat(outcome.stalled()).isTrue();
            assertThat(outcome.added()).isEqualTo(5);
            assertThat(outcome.sent()).as("5 answered, one waiting on each connection").isEqualTo(7);
            assertThat(outcome.errors()).isEqualTo(2);
            Set<String> ended = new HashSet<>(outcome.acknowledged());
            ended.addAll(outcome.uncertainAdds());
            assertThat(outcome.uncertainAdds()).as("the two left waiting").hasSize(2);
            assertThat(ended).as("every add sent, acknowledged or uncertain").containsExactlyInAnyOrder("p0/t1-0", "p1/t1-1",
                    "p2/t1-2", "p0/t1-3", "p1/t1-4", "p2/t1-5", "p0/t1-6");
            assertThat(outcome.errorExamples()).anyMatch(e -> e.contains("no answer within 800 ms"))
                    .anyMatch(e -> e.startsWith("stalled"));
        }
    }

    @Test
    void aServerThatCannotBeReachedShouldCountAnErrorPerConnection() throws IOException {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        BenchOptions options = options("http://127.0.0.1:" + port, "--count", "10", "--concurrency", "2");

        AddLoad.Outcome outcome = new AddLoad(options, PRODUCTS, new AckTimeline(), line -> { }).run();

        assertThat(outcome.sent()).isZero();
        assertThat(outcome.errors()).isEqualTo(2);
        assertThat(outcome.errorExamples()).allMatch(e -> e.startsWith("connection to 127.0.0.1:" + port + ": "));
    }

    private static AddLoad load(TestHttpServer server, AckTimeline timeline, String... args) {
        return new AddLoad(options("http://127.0.0.1:" + server.port(), args), PRODUCTS, timeline, line -> { });
    }

    private static BenchOptions options(String commandUrl, String... args) {
        List<String> all = new ArrayList<>(List.of("--command", commandUrl, "--products", "3", "--run-id", "t1"));
        all.addAll(List.of(args));
        return BenchOptions.parse(all.toArray(String[]::new)).withToken("s3cret");
    }

    /**
     * Answers like device-command's add-device endpoint: 201 for a new device key, 409 {@code DEVICE_EXISTS} for one
     * the product has, 409 {@code QUOTA_EXHAUSTED} once the product has used its codes; 500 for every add to the
     * {@code failing} product; and nothing at all after {@code answers} answers, like a server that stopped.
     */
    private static final class DeviceList implements TestHttpServer.Handler {

        private static final Pattern PATH = Pattern.compile("/api/v1/products/([^/]+)/devices");
        private static final Pattern DEVICE_KEY = Pattern.compile("\"deviceKey\":\"([^\"]+)\"");

        final Set<String> headers = ConcurrentHashMap.newKeySet();
        private final Map<String, Set<String>> products = new ConcurrentHashMap<>();
        private final int quota;
        private int answers;
        volatile String failing;

        DeviceList(int quota, int answers) {
            this.quota = quota;
            this.answers = answers;
        }

        @Override
        public synchronized TestHttpServer.Answer answer(TestHttpServer.Request request) {
            if (answers-- <= 0) {
                return null;
            }
            headers.add(request.headers().get("authorization") + " " + request.headers().get("content-type"));
            Matcher path = PATH.matcher(request.path());
            Matcher deviceKey = DEVICE_KEY.matcher(request.body());
            if (!request.method().equals("POST") || !path.matches() || !deviceKey.find()) {
                return new TestHttpServer.Answer(400, "{\"error\":\"VALIDATION_FAILED\"}");
            }
            String product = path.group(1);
            if (product.equals(failing)) {
                return new TestHttpServer.Answer(500, "{\"error\":\"INTERNAL\"}");
            }
            Set<String> keys = products.computeIfAbsent(product, p -> new HashSet<>());
            if (keys.contains(deviceKey.group(1))) {
                return new TestHttpServer.Answer(409, "{\"error\":\"DEVICE_EXISTS\",\"message\":\"already there\"}");
            }
            if (keys.size() >= quota) {
                return new TestHttpServer.Answer(409, "{\"error\":\"QUOTA_EXHAUSTED\",\"message\":\"no code left\"}");
            }
            keys.add(deviceKey.group(1));
            return new TestHttpServer.Answer(201, "{\"productKey\":\"" + product + "\",\"deviceKey\":\"" + deviceKey.group(1) + "\"}");
        }

        synchronized Set<String> added() {
            Set<String> all = new HashSet<>();
            products.forEach((product, keys) -> keys.forEach(key -> all.add(DeliveryCheck.deviceId(product, key))));
            return all;
        }
    }
}
