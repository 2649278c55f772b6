package io.roster.bench.auth;

import io.roster.bench.load.Http1Request;
import io.roster.bench.load.LoadRun;
import io.roster.bench.load.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadRunTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @ParameterizedTest
    @EnumSource(TestHttpServer.Framing.class)
    void closedLoopShouldCountAndClassifyEveryAnswerWhateverItsFraming(TestHttpServer.Framing framing) throws IOException {
        try (TestHttpServer server = new TestHttpServer(framing, 0)) {
            byte[] allow = get(server, "/allow");
            byte[] deny = get(server, "/deny");

            LoadRun.Result result = new LoadRun("127.0.0.1", server.port(), 4).closedLoop("decisions",
                    i -> i % 2 == 0 ? allow : deny, 400, 0, 10 * SECOND, AuthDecisionBench::decision);

            assertThat(result.requests()).isEqualTo(400);
            assertThat(result.answered()).isEqualTo(400);
            assertThat(result.latencyMicros().getTotalCount()).isEqualTo(400);
            assertThat(result.outcomes()).isEqualTo(Map.of("allow", 200L, "deny:REPLAYED", 200L));
            assertThat(result.errors()).as(result.firstError()).isZero();
            assertThat(result.reconnects()).isEqualTo(framing.closes() ? 400 : 0);
            assertThat(result.unanswered()).isZero();
            assertThat(result.openLoop()).isFalse();
            assertThat(result.lateMicros().getTotalCount()).as("nothing is due in a closed loop").isZero();
        }
    }

    @Test
    void closedLoopShouldStopAtTheEndOfItsDurationAndLeaveTheWarmUpOut() throws IOException {
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0)) {
            byte[] ping = get(server, "/ping");

            long started = System.nanoTime();
            LoadRun.Result result = new LoadRun("127.0.0.1", server.port(), 2).closedLoop("ping", i -> ping,
                    Integer.MAX_VALUE, SECOND / 5, SECOND / 2, AuthDecisionBench::trivial);

            assertThat(System.nanoTime() - started).isBetween(SECOND * 7 / 10, 2 * SECOND);
            assertThat(result.seconds()).isCloseTo(0.5, within(0.01));
            assertThat(result.answered()).isPositive().isEqualTo(result.latencyMicros().getTotalCount());
            assertThat(result.outcomes()).isEqualTo(Map.of("ok", result.answered()));
            assertThat(result.requests() - result.answered()).as("in flight when it stopped").isBetween(0L, 2L);
        }
    }

    @Test
    void openLoopShouldSendAtTheOfferedRateAndRecordEveryMeasuredAnswer() throws IOException {
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 0)) {
            byte[] ping = get(server, "/ping");
            int[] supplied = {0};
            IntFunction<byte[]> requests = i -> {
                supplied[0]++;
                return ping;
            };

            LoadRun.Result result = new LoadRun("127.0.0.1", server.port(), 4).openLoop("ping", requests, 500,
                    SECOND / 5, SECOND, AuthDecisionBench::trivial);

            // a fast server answers all, but the machine may be busy: a stall at the very end may leave a few unsent
            assertThat(supplied[0]).as("warm-up and measured requests sent").isBetween(590, 600);
            assertThat(result.requests()).isEqualTo(500);
            assertThat(result.offeredPerSecond()).isCloseTo(500, within(1.0));
            assertThat(result.answered()).isBetween(490L, 500L);
            assertThat(result.perSecond()).isCloseTo(500, within(50.0));
            assertThat(result.latencyMicros().getTotalCount()).isEqualTo(result.answered());
            assertThat(result.lateMicros().getTotalCount()).isEqualTo(500 - result.queued());
            assertThat(result.outcomes()).isEqualTo(Map.of("ok", result.answered()));
            assertThat(result.queued() + result.unanswered()).isEqualTo(500 - result.answered());
            assertThat(result.errors()).as(result.firstError()).isZero();
        }
    }

    @Test
    void openLoopShouldCountTheQueueingOfASlowServerInTheLatency() throws IOException {
        try (TestHttpServer server = new TestHttpServer(TestHttpServer.Framing.CONTENT_LENGTH, 50)) {
            byte[] ping = get(server, "/ping");

            LoadRun.Result result = new LoadRun("127.0.0.1", server.port(), 1).openLoop("slow", i -> ping, 100, 0, SECOND,
                    AuthDecisionBench::trivial);

            // one connection, 50 ms an answer: ~20 of the 100 requests are answered, request k after k * 40 ms of queueing
            assertThat(result.requests()).isEqualTo(100);
            assertThat(result.answered()).isBetween(5L, 22L);
            assertThat(result.perSecond()).isLessThan(25);
            assertThat(result.queued()).isGreaterThan(70);
            assertThat(result.queued() + result.unanswered() + result.answered()).isEqualTo(100);
            assertThat(result.latencyMicros().getValueAtPercentile(99)).as("p99 µs").isGreaterThan(500_000);
            assertThat(result.latencyMicros().getValueAtPercentile(0)).as("min µs").isGreaterThanOrEqualTo(50_000);
            // the requests sent went out in line behind the answers: the last of them ~40 ms late per earlier answer
            assertThat(result.lateMicros().getTotalCount()).isEqualTo(100 - result.queued());
            assertThat(result.lateMicros().getMaxValue()).as("latest send µs").isGreaterThan(150_000);
        }
    }

    @Test
    void aServerThatRefusesConnectionsShouldEndTheRunWithAnErrorPerConnection() throws IOException {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }

        LoadRun.Result result = new LoadRun("127.0.0.1", port, 3).closedLoop("refused", i -> new byte[0], 10, 0,
                10 * SECOND, AuthDecisionBench::trivial);

        assertThat(result.errors()).isEqualTo(3);
        assertThat(result.firstError()).contains("Connect");
        assertThat(result.answered()).isZero();
    }

    private static byte[] get(TestHttpServer server, String path) {
        return Http1Request.of("GET", "127.0.0.1:" + server.port(), path, null, null);
    }
}
