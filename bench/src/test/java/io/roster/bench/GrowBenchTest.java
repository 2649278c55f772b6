package io.roster.bench;

import io.roster.bench.load.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class GrowBenchTest {

    @TempDir
    Path dir;

    @Test
    void runShouldFillOneProductToEachCheckpointAndMeasureAWindowThere() throws IOException {
        FakeCommand command = new FakeCommand(0);
        // 1 ms an add keeps 4 workers below the rate a window's codes are granted for (GrowPlan.ASSUMED_MAX_RATE)
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 1, command)) {
            GrowReport report = GrowBench.run(options(server, "--devices", "600", "--checkpoints", "0,200,500",
                    "--window", "300ms"), quiet());

            assertThat(report.problems()).isEmpty();
            assertThat(report.passed()).isTrue();
            assertThat(report.setup().productCreated()).isTrue();
            assertThat(report.setup().product()).isEqualTo("pk1");
            assertThat(report.checkpoints()).extracting(GrowReport.Checkpoint::at).containsExactly(0L, 200L, 500L);
            assertThat(report.checkpoints()).allSatisfy(c -> {
                assertThat(c.devices()).isGreaterThanOrEqualTo(c.at());
                assertThat(c.adds().measured()).isPositive();
                assertThat(c.adds().perSecond()).isPositive();
                assertThat(c.latency().samples()).isEqualTo(c.adds().measured());
                assertThat(c.heap()).isEqualTo(new GrowReport.Heap(123_456_789, -1));
            });
            assertThat(report.checkpoints().get(0).devices()).isZero();
            assertThat(report.devices()).as("what the fake holds").isEqualTo(command.devices())
                    .isGreaterThanOrEqualTo(600);
            assertThat(command.duplicates).as("device keys go on numbering across phases").isZero();
            assertThat(command.headers).containsOnly("Bearer s3cret");
            assertThat(report.totals().grantedCodes()).isEqualTo(command.granted);
            assertThat(report.rateRatio()).isPositive();
            assertThat(report.p99Ratio()).isPositive();
            assertThat(report.notes()).anyMatch(note -> note.contains("jvm.gc.live.data.size absent or 0"));
        }
    }

    @Test
    void runShouldStartFromWhatAnExistingProductHoldsAndFailOnARefusedAdd() throws IOException {
        FakeCommand command = new FakeCommand(300);
        command.quota = 450;
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0, command)) {
            GrowReport report = GrowBench.run(options(server, "--devices", "500", "--checkpoints", "0,400",
                    "--window", "100ms", "--product", "pk0", "--query", "http://localhost:" + server.port()), quiet());

            assertThat(report.setup().productCreated()).isFalse();
            assertThat(report.setup().devicesBefore()).isEqualTo(300);
            assertThat(report.checkpoints()).extracting(GrowReport.Checkpoint::at).containsExactly(400L);
            assertThat(report.passed()).isFalse();
            assertThat(report.totals().refused()).isPositive();
            assertThat(report.notes()).anyMatch(note -> note.contains("held 300 devices: checkpoints below that not measured"));
            assertThat(report.problems()).anyMatch(p -> p.contains("refused with QUOTA_EXHAUSTED"));
        }
    }

    @Test
    void coldProbeShouldTimeOneAddThenTenAndSayWhenAGrantWentFirst() throws IOException {
        FakeCommand command = new FakeCommand(300);
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0, command)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();

            boolean added = GrowBench.probe(options(server, "--cold-probe", "--product", "pk0", "--query",
                    "http://localhost:" + server.port()), new PrintStream(text, true, StandardCharsets.UTF_8));

            assertThat(added).isTrue();
            assertThat(command.devices()).isEqualTo(311);
            assertThat(text.toString(StandardCharsets.UTF_8))
                    .contains("a grant went first")
                    .containsPattern("first add: \\d+\\.\\d ms")
                    .containsPattern("next 10 adds, one at a time: (\\d+\\.\\d ms, ){9}\\d+\\.\\d ms");
        }
    }

    private GrowOptions options(TestHttpServer server, String... args) throws IOException {
        Path token = Files.writeString(dir.resolve("operator.jwt"), "s3cret\n");
        List<String> all = new ArrayList<>(List.of("grow", "--command", "http://localhost:" + server.port(),
                "--concurrency", "4", "--run-id", "g1", "--token-file", token.toString()));
        all.addAll(List.of(args));
        return GrowOptions.parse(all.toArray(String[]::new));
    }

    /**
     * Answers like device-command for one product (creating it, granting codes, adding devices: 409
     * {@code DEVICE_EXISTS} for a key it has, 409 {@code QUOTA_EXHAUSTED} without a code or beyond {@code quota}), like
     * its actuator (a heap of 123,456,789 bytes in use, no live-data metric) and like device-query's product view.
     */
    private static final class FakeCommand implements TestHttpServer.Handler {

        private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
        private static final Pattern DEVICE_KEY = Pattern.compile("\"deviceKey\":\"([^\"]+)\"");

        final Set<String> headers = ConcurrentHashMap.newKeySet();
        private final Set<String> keys = new HashSet<>();
        private final long before;
        volatile long quota = Long.MAX_VALUE;
        volatile long granted;
        volatile long duplicates;

        /** @param before devices the product holds already, each with its code */
        FakeCommand(long before) {
            this.before = before;
        }

        @Override
        public synchronized TestHttpServer.Answer answer(TestHttpServer.Request request) {
            headers.add(request.headers().get("authorization"));
            String path = request.path();
            if (request.method().equals("POST") && path.equals("/api/v1/products")) {
                return new TestHttpServer.Answer(201, "{\"productKey\":\"pk1\"}");
            }
            if (request.method().equals("POST") && path.endsWith("/activation-codes")) {
                Matcher count = COUNT.matcher(request.body());
                if (!count.find() || Long.parseLong(count.group(1)) > 1_000_000) {
                    return new TestHttpServer.Answer(400, "{\"error\":\"VALIDATION_FAILED\"}");
                }
                granted += Long.parseLong(count.group(1));
                return new TestHttpServer.Answer(200, "{\"available\":" + (granted - keys.size()) + "}");
            }
            if (request.method().equals("POST") && path.endsWith("/devices")) {
                Matcher key = DEVICE_KEY.matcher(request.body());
                key.find();
                if (keys.contains(key.group(1))) {
                    duplicates++;
                    return new TestHttpServer.Answer(409, "{\"error\":\"DEVICE_EXISTS\"}");
                }
                if (keys.size() >= granted || devices() >= quota) {
                    return new TestHttpServer.Answer(409, "{\"error\":\"QUOTA_EXHAUSTED\"}");
                }
                keys.add(key.group(1));
                return new TestHttpServer.Answer(201, "{\"deviceKey\":\"" + key.group(1) + "\"}");
            }
            if (path.startsWith("/actuator/metrics/jvm.memory.used?tag=area")) {
                return new TestHttpServer.Answer(200, "{\"name\":\"jvm.memory.used\",\"measurements\":"
                        + "[{\"statistic\":\"VALUE\",\"value\":1.23456789E8}]}");
            }
            if (path.equals("/api/v1/products/pk0")) {
                return new TestHttpServer.Answer(200, "{\"productKey\":\"pk0\",\"codes\":{\"granted\":" + before
                        + ",\"inUse\":" + before + ",\"available\":0}}");
            }
            return new TestHttpServer.Answer(404, "{\"error\":\"NOT_FOUND\"}");
        }

        synchronized long devices() {
            return before + keys.size();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
