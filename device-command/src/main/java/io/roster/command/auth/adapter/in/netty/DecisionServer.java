package io.roster.command.auth.adapter.in.netty;

import io.roster.command.auth.adapter.in.rest.AuthCalls;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.roster.command.auth.application.DeviceAuthentication;
import io.roster.command.auth.application.StartPhases;
import io.roster.command.auth.application.replay.ForwardedClaims;
import io.roster.command.auth.application.replay.ReplayClaims;
import io.roster.command.config.RosterCommandProperties;
import io.roster.contract.security.RosterSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The decision port: {@code POST /api/v1/auth/connect}, {@code POST /api/v1/auth/emqx} and {@code GET /api/v1/ping}
 * (and, from the other instances, {@code POST /internal/v1/replay-claims} when this one leads the replay claims)
 * answered on a Netty event loop, next to the API port's Spring MVC. A decision for a known device is a few
 * microseconds of work from memory (plus, on an instance that does not lead the replay claims, its claim's round trip
 * to the lead); on the API port each one also paid Tomcat's hand-offs (poller, worker, poller:
 * about ten system calls and two thread wake-ups a request) and Spring's filter chain, which on 2 cores capped the
 * trivial endpoint near 15,000 requests/s and put its p99 at 5,000/s above 4 ms. Here a request costs one read, one
 * write and a share of one {@code epoll_wait}, on the thread that read it (docs/benchmarks.md, "Authentication decisions").
 *
 * <p>Same contract as the API port: the same bodies, checks, answers and error shapes, the same gateway bearer
 * token. The event loop never blocks: a decision that waits — for its replay claim, written in a batch with those
 * of concurrent requests, or for the event store on a device's first success — is answered when it completes.
 */
@Component
public class DecisionServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionServer.class);

    /** Requests and headers as long as Tomcat allows on the API port. */
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADERS = 8192;
    /** An idle keep-alive connection is closed after this; gateways keep theirs busy or reconnect. */
    private static final int IDLE_SECONDS = 60;

    private final int port;
    private final int threads;
    private final int maxBodyBytes;
    private final DecisionHandler.Shared shared;
    private EventLoopGroup loops;
    private Channel server;
    private volatile int boundPort = -1;

    DecisionServer(RosterCommandProperties properties, DeviceAuthentication authentication, Clock clock,
                   ObjectMapper json, JwtDecoder tokens, RosterSecurityProperties security,
                   ObjectProvider<MeterRegistry> meters, ReplayClaims claims, ForwardedClaims forwarded) {
        this.port = properties.auth().decisionPort();
        this.threads = properties.auth().decisionThreads() > 0 ? properties.auth().decisionThreads()
                : Runtime.getRuntime().availableProcessors();
        this.maxBodyBytes = properties.api().maxBodyBytes();
        this.shared = new DecisionHandler.Shared(new AuthCalls(authentication, clock), json, tokens, security.rolesClaim(),
                DecisionMetrics.of(meters.getIfAvailable()), claims, forwarded);
    }

    /** The port the decision server listens on, once started; -1 when it is off. */
    public int port() {
        return boundPort;
    }

    @Override
    public void start() {
        if (port < 0) {
            log.info("decision port off (roster.auth.decision-port < 0)");
            return;
        }
        loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("decision-loop", true));
        try {
            server = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS),
                                    new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192),
                                    new DecisionHandler.BodyLimit(maxBodyBytes),
                                    new DecisionHandler(shared));
                        }
                    })
                    .bind(port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on the decision port " + port, e);
        }
        boundPort = ((InetSocketAddress) server.localAddress()).getPort();
        log.info("decision port {} ({} event loop threads)", boundPort, threads);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            loops = null;
        }
        boundPort = -1;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /**
     * Right after the credential view is built (and so after Axon's event processors), before the API port's web
     * server: decisions need nothing that starts later, and a new instance answers them that much sooner
     * (docs/benchmarks.md, "Cold start"). Stopped after the web server, before the view.
     */
    @Override
    public int getPhase() {
        return StartPhases.CREDENTIAL_VIEW + 1;
    }
}
