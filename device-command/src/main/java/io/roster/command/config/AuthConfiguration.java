package io.roster.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.adapter.out.replay.NettyLeadChannel;
import io.roster.command.auth.adapter.out.x509.BouncyCastleCertificateChecks;
import io.roster.command.auth.application.CaCertificates;
import io.roster.command.auth.application.CertificateChecks;
import io.roster.command.auth.application.CredentialView;
import io.roster.command.auth.application.DeviceAuthentication;
import io.roster.command.auth.application.SecretCipher;
import io.roster.command.auth.application.SecretGenerator;
import io.roster.command.auth.application.replay.ClaimChannel;
import io.roster.command.auth.application.replay.ClaimWriter;
import io.roster.command.auth.application.replay.ForwardedClaims;
import io.roster.command.auth.application.replay.ReplayClaimStore;
import io.roster.command.auth.application.replay.ReplayClaims;
import io.roster.command.auth.application.replay.ReplayLeaseStore;
import io.roster.command.auth.domain.ratelimit.DeviceConnectCap;
import io.roster.command.auth.domain.ratelimit.FailureLimits;
import io.roster.command.auth.domain.replay.ReplayGuard;
import io.roster.command.auth.domain.signature.DeviceSecretCipher;
import io.roster.command.auth.domain.signature.TimestampWindow;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Connection authentication: the decision, its guards, the shared replay claims (their store is declared with the
 * event store, in the same database) and CA certificate handling.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    /** Threads and queue of the decisions that write an event (a device's first success). */
    private static final int WRITERS = 8;
    private static final int WRITER_QUEUE = 10_000;
    /** Claims are deleted this long after they expired, so instances whose clocks differ by less never disagree. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(1);
    private static final Duration READY_WAIT = Duration.ofSeconds(15);
    private static final int PURGE_LIMIT = 1_000;
    /** How long the lead's writer behind waits for claims to share a statement (docs/security.md: what a crash loses). */
    private static final Duration WRITE_BEHIND_LINGER = Duration.ofMillis(5);

    @Bean
    DeviceAuthentication deviceAuthentication(CredentialView view, SecretCipher cipher, SecretGenerator generator,
                                              CommandGateway commands, Clock clock, SecureRandom random,
                                              RosterCommandProperties properties, ReplayGuard guard,
                                              ReplayClaims claims, CertificateChecks certificates,
                                              DecisionWrites writes) {
        return new DeviceAuthentication(view, cipher, generator, commands, TimestampWindow.standard(clock),
                guard, claims, DeviceConnectCap.standard(clock, properties.auth().deviceConnectCap()),
                FailureLimits.standard(clock),
                certificates, new DeviceSecretCipher(random), writes.pool());
    }

    @Bean
    ReplayGuard replayGuard(Clock clock, RosterCommandProperties properties) {
        return ReplayGuard.standard(clock, properties.auth().replayGuardCapacity());
    }

    /** The lead's claims decided from memory, written behind, for the next lead. */
    @Bean(destroyMethod = "close")
    ClaimWriter claimWriter(ReplayClaimStore store) {
        return new ClaimWriter(store::store, WRITE_BEHIND_LINGER, System::nanoTime);
    }

    @Bean
    ForwardedClaims forwardedClaims(ObjectMapper json, SecretCipher cipher) {
        return new ForwardedClaims(json, cipher);
    }

    /**
     * Who decides a claim: this instance from memory when it leads, the lead otherwise (forwarded to its decision
     * port); nobody while no instance leads (claims are refused then). The lease's owner is this process (a restart
     * is a new owner).
     */
    @Bean(destroyMethod = "close")
    ReplayClaims replayClaims(ReplayGuard guard, ReplayClaimStore store, ReplayLeaseStore leases, ClaimWriter behind,
                              ForwardedClaims forwarded, RosterCommandProperties properties,
                              ObjectProvider<DecisionServer> decisionServer, ForwardingLoops loops) {
        String host = advertisedHost(properties.auth().advertisedHost());
        String owner = properties.tokenOwner() + "/" + UUID.randomUUID().toString().substring(0, 8);
        Supplier<String> url = () -> {
            DecisionServer server = decisionServer.getIfAvailable();
            int port = server == null ? -1 : server.port();
            return port < 0 ? null : "http://" + host + ":" + port;
        };
        ReplayClaims claims = new ReplayClaims(guard, store, leases, behind,
                lead -> new NettyLeadChannel(loops.group(), lead, forwarded, ClaimChannel.TIMEOUT, ClaimChannel.QUEUE),
                owner, url, System::nanoTime, ReplayClaims.Timing.standard());
        // started once the decision server listens (awaitReplayClaims): a lead must advertise its address
        return claims;
    }

    /**
     * Starts the replay claims once the decision server listens (a lead advertises its address), and before this
     * instance reports itself started (and then ready) waits until they can be decided: it leads them or follows a
     * lead, so that its first connections are not refused while the lead is taken (about a second).
     */
    @EventListener
    void awaitReplayClaims(ApplicationStartedEvent started) throws InterruptedException {
        ReplayClaims claims = started.getApplicationContext().getBean(ReplayClaims.class);
        claims.start();
        if (!claims.awaitDecidable(READY_WAIT)) {
            log.warn("replay claims cannot be decided yet ({}); connections are refused until they can", claims.state());
        }
    }

    /**
     * The event loop forwarding the claims of decisions made off the decision port's loops (on the API port) to the
     * lead; those made on the decision port are forwarded on their own loop.
     */
    @Bean(destroyMethod = "close")
    ForwardingLoops forwardingLoops() {
        return new ForwardingLoops(new NioEventLoopGroup(1, new DefaultThreadFactory("replay-forward", true)));
    }

    record ForwardingLoops(EventLoopGroup group) implements AutoCloseable {
        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static String advertisedHost(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            log.warn("this host's address is unknown; advertising localhost for the replay claims' lead"
                    + " (set ROSTER_ADVERTISED_HOST)");
            return "localhost";
        }
    }

    @Bean(destroyMethod = "close")
    DecisionWrites decisionWrites() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("decision-write-");
        threads.setDaemon(true);
        return new DecisionWrites(new ThreadPoolExecutor(WRITERS, WRITERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WRITER_QUEUE), threads));
    }

    /**
     * The pool of the decisions that write an event. Not a bean of its own: an {@code Executor} bean would replace
     * Spring Boot's application task executor.
     */
    record DecisionWrites(ExecutorService pool) implements AutoCloseable {
        @Override
        public void close() {
            pool.shutdown();
        }
    }

    @Bean
    ReplayClaimPurge replayClaimPurge(ReplayClaimStore store, Clock clock) {
        return new ReplayClaimPurge(store, clock);
    }

    /** Deletes expired replay claims every 30 s, in bounded deletes, until none is left. */
    record ReplayClaimPurge(ReplayClaimStore store, Clock clock) {
        @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
        void purge() {
            Instant expiredBefore = clock.instant().minus(CLAIM_GRACE);
            long purged = 0;
            int deleted;
            do {
                deleted = store.purge(expiredBefore, PURGE_LIMIT);
                purged += deleted;
            } while (deleted == PURGE_LIMIT);
            log.debug("purged {} batches of expired replay claims", purged);
        }
    }

    /** Every X.509 check, with Bouncy Castle. */
    @Bean
    CertificateChecks certificateChecks(Clock clock) {
        return new BouncyCastleCertificateChecks(clock);
    }

    @Bean
    CaCertificates caCertificates(CertificateChecks certificates, CredentialView view, CommandGateway commands,
                                  SecureRandom random) {
        return new CaCertificates(certificates, view, commands, random);
    }
}
