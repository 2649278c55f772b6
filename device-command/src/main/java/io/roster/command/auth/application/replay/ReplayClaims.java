package io.roster.command.auth.application.replay;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import io.roster.command.auth.application.replay.ReplayLeaseStore.Lease;
import io.roster.command.auth.domain.replay.ReplayGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides, once for the whole deployment, whether a signed request the local {@link ReplayGuard} admitted is new
 * (docs/security.md, "Replay protection").
 * <p>
 * One instance at a time <em>leads</em> the claims: it holds a lease in the event store's database and its replay
 * guard is the authority, so a request it decides costs no I/O; what it accepts is written behind to the shared
 * store in batches ({@link ClaimWriter}), for the next lead. The other instances forward their claims to it
 * ({@link #claimForwarded}), in batches. Nobody else decides: while no instance leads, or while a new lead has not
 * yet read what was claimed before it, a claim is refused ({@link ClaimUnavailableException}, fail closed).
 * <p>
 * Taking the lead: an instance takes the lease when it is free or expired (or held by a former process at its own
 * address), reads every unexpired claim into its guard, and, from {@code switchAfter} after it took the lease, reads
 * once more the claims written since its first read began and decides from memory. A former lead stopped deciding
 * {@code stopBefore} its lease ended and only while its claims waited less than {@code maxWriteLag} to be written,
 * so what it decided last is in the store by then ({@code stopBefore + switchAfter >= maxWriteLag}).
 * Giving it up: a lead stops deciding from memory {@code stopBefore} its lease ends unless renewed, stops when its
 * claims are not written behind in time, and on a graceful stop writes what it decided before it releases the lease.
 */
public final class ReplayClaims implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplayClaims.class);
    private static final Duration LAST_READ_OVERLAP = Duration.ofSeconds(5);

    /** The lease's rhythm; {@link #standard()} for production. */
    public record Timing(Duration term, Duration renewEvery, Duration switchAfter, Duration viewMaxAge,
                         Duration stopBefore, Duration maxWriteLag) {

        public Timing {
            if (viewMaxAge.compareTo(renewEvery) <= 0 || term.compareTo(viewMaxAge.plus(renewEvery).plus(stopBefore)) <= 0
                    || stopBefore.plus(switchAfter).compareTo(maxWriteLag) < 0) {
                throw new IllegalArgumentException("renewEvery < viewMaxAge, viewMaxAge + renewEvery + stopBefore < term"
                        + " and maxWriteLag <= stopBefore + switchAfter are required");
            }
        }

        /**
         * A 5-second lease renewed every 500 ms; a lead stops deciding a second before its lease ends and while its
         * claims wait more than 2 s to be written behind; a new lead decides from memory a second after it took the
         * lease, once it read the claims.
         */
        public static Timing standard() {
            return new Timing(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(1),
                    Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    /** Where a claim goes now. */
    public enum Route {
        /** This instance leads: its guard decides. */
        MEMORY,
        /** Another instance leads: the claim is forwarded to it. */
        FORWARD,
        /**
         * Nobody can decide now (no instance leads, this one is taking the lead, its lease is ending or its claims are
         * not written, its view of the lease is too old): refused.
         */
        UNAVAILABLE
    }

    private enum Mode { FOLLOWING, READING, LEADING, CLOSED }

    /**
     * The lease as last read and when, by this JVM's {@code nanos}; {@code endsIn}: how long after {@code readAt} the
     * lease ends by the store's clock ({@link Long#MIN_VALUE} when nobody holds it), so that routing a claim reads
     * two numbers instead of computing instants.
     */
    private record View(Lease lease, long readAt, long endsIn) {

        View(Lease lease, long readAt) {
            this(lease, readAt, lease.owner() == null || lease.leaseUntil() == null ? Long.MIN_VALUE
                    : saturatedNanos(Duration.between(lease.now(), lease.leaseUntil())));
        }

        private static long saturatedNanos(Duration duration) {
            try {
                return duration.toNanos();
            } catch (ArithmeticException e) {
                return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        }
    }

    private final ReplayGuard guard;
    private final ReplayClaimStore store;
    private final ReplayLeaseStore leases;
    private final ClaimWriter behind;
    private final Function<String, ClaimChannel> forwarding;
    private final String owner;
    private final Supplier<String> url;
    private final LongSupplier nanos;
    private final Timing timing;
    private final long viewMaxAgeNanos;
    private final long stopBeforeNanos;
    private final long maxWriteLagNanos;
    private final ScheduledExecutorService ticker;
    private final Object lock = new Object();
    private final ExecutorService reader;

    private volatile View view;
    private volatile Mode mode = Mode.FOLLOWING;
    /** While {@link Mode#READING}: the first read of the store is done, and from when the last one must read. */
    private volatile boolean firstReadDone;
    private volatile Instant readFrom;
    private volatile Instant switchAt;
    private String forwardUrl;
    private ClaimChannel forwarder;
    /** Counts the leads taken, so that a first read finishing after its lead ended is ignored. */
    private int leads;

    /**
     * {@code owner}: this instance's name in the lease, unique per process (a restarted instance is a new owner);
     * {@code url}: where this instance answers forwarded claims, {@code null} while it cannot (then it leads only a
     * free lease, and the claims of other instances are refused while it leads);
     * {@code forwarding}: a channel sending claims to a lead at a URL.
     */
    public ReplayClaims(ReplayGuard guard, ReplayClaimStore store, ReplayLeaseStore leases, ClaimWriter behind,
                        Function<String, ClaimChannel> forwarding, String owner, Supplier<String> url,
                        LongSupplier nanos, Timing timing) {
        this.guard = guard;
        this.store = store;
        this.leases = leases;
        this.behind = behind;
        this.forwarding = forwarding;
        this.owner = owner;
        this.url = url;
        this.nanos = nanos;
        this.timing = timing;
        this.viewMaxAgeNanos = timing.viewMaxAge().toNanos();
        this.stopBeforeNanos = timing.stopBefore().toNanos();
        this.maxWriteLagNanos = timing.maxWriteLag().toNanos();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "replay-claims-lease");
            thread.setDaemon(true);
            return thread;
        });
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "replay-claims-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            view = new View(leases.read(), nanos.getAsLong());
        } catch (RuntimeException e) {
            log.warn("the replay claims' lease could not be read; claims are refused until it is: {}", e.toString());
        }
    }

    /** Starts renewing, following and taking the lease. */
    public void start() {
        long every = timing.renewEvery().toMillis();
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits, at most {@code timeout}, until claims can be decided: this instance leads, or follows a lead; whether
     * they can. An instance calls it once it answers forwarded claims and before it reports itself ready, so that its
     * first connections are not refused while the lead is being taken.
     */
    public boolean awaitDecidable(Duration timeout) throws InterruptedException {
        long deadline = nanos.getAsLong() + timeout.toNanos();
        while (!decidable()) {
            if (nanos.getAsLong() - deadline >= 0 || mode == Mode.CLOSED) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private boolean decidable() {
        Route route = route();
        if (route == Route.MEMORY) {
            return true;
        }
        if (route != Route.FORWARD) {
            return false;
        }
        // a lead at this instance's own address is a former process of it: it is about to be taken over
        String mine = url.get();
        return mine == null || !mine.equals(view.lease().url());
    }

    /**
     * Claims a request the local guard admitted: {@code true} if it is new to the deployment, {@code false} if it was
     * claimed before, anywhere; exceptionally with {@link ClaimUnavailableException} when that cannot be decided now.
     */
    public CompletableFuture<Boolean> claim(UUID fingerprint, long timestamp) {
        Claim claim = new Claim(fingerprint, Instant.ofEpochMilli(timestamp).plus(guard.window()));
        return switch (route()) {
            case MEMORY -> {
                behind.add(claim);
                yield CompletableFuture.completedFuture(true);
            }
            case FORWARD -> forward(claim);
            case UNAVAILABLE -> unavailable(mode == Mode.READING ? "the replay claims' lead is being taken"
                    : "no instance can decide replay claims at the moment");
        };
    }

    /**
     * Claims forwarded by another instance, to this one as the lead: completes with those won, or exceptionally with
     * {@link NotLeadingException} when another instance leads (the sender's view of the lease was out of date), or
     * with {@link ClaimUnavailableException} when this one cannot decide now.
     */
    public CompletableFuture<Set<UUID>> claimForwarded(List<Claim> claims) {
        Route route = route();
        if (route == Route.FORWARD) {
            return CompletableFuture.failedFuture(new NotLeadingException("another instance leads the replay claims"));
        }
        if (route == Route.UNAVAILABLE) {
            return unavailable("the lead cannot decide replay claims at the moment");
        }
        Set<UUID> won = new HashSet<>(claims.size() * 2);
        for (Claim claim : claims) {
            long timestamp = claim.expiresAt().minus(guard.window()).toEpochMilli();
            // this guard holds every claim this instance decided, those not yet written behind too
            if (guard.admit(timestamp, claim.fingerprint()).allowed()) {
                behind.add(claim);
                won.add(claim.fingerprint());
            }
        }
        return CompletableFuture.completedFuture(won);
    }

    /** Where a claim made now goes. */
    public Route route() {
        View current = view;
        if (current == null || mode == Mode.CLOSED) {
            return Route.UNAVAILABLE;
        }
        long sinceRead = nanos.getAsLong() - current.readAt();
        if (sinceRead > viewMaxAgeNanos) {
            return Route.UNAVAILABLE;
        }
        // how long the lease still runs by the store's clock; MIN_VALUE when nobody holds it
        long remaining = current.endsIn() == Long.MIN_VALUE ? Long.MIN_VALUE : current.endsIn() - sinceRead;
        if (owner.equals(current.lease().owner())) {
            boolean deciding = mode == Mode.LEADING && remaining > stopBeforeNanos
                    && behind.lagNanos() < maxWriteLagNanos;
            return deciding ? Route.MEMORY : Route.UNAVAILABLE;
        }
        return remaining > 0 ? Route.FORWARD : Route.UNAVAILABLE;
    }

    /** This instance's part: leading, taking the lead, or following (and whom). */
    public String state() {
        View current = view;
        return switch (mode) {
            case LEADING -> "leading";
            case READING -> "taking the lead";
            case CLOSED -> "closed";
            case FOLLOWING -> current != null && current.lease().live() ? "following " + current.lease().url()
                    : "no lead: claims are refused until one leads";
        };
    }

    private CompletableFuture<Boolean> forward(Claim claim) {
        String target = view.lease().url();
        return target == null ? unavailable("the replay claims' lead changed while deciding")
                : forwarder(target).claim(claim.fingerprint(), claim.expiresAt());
    }

    private synchronized ClaimChannel forwarder(String target) {
        if (!target.equals(forwardUrl)) {
            if (forwarder != null) {
                forwarder.close();
            }
            forwarder = forwarding.apply(target);
            forwardUrl = target;
        }
        return forwarder;
    }

    private static <T> CompletableFuture<T> unavailable(String why) {
        return CompletableFuture.failedFuture(new ClaimUnavailableException(why, null));
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("replay claims' lease: {}", e.toString());
        }
    }

    /** One beat: renew the lease held, or read it and take it when free; switch to memory when due. */
    void tick() {
        if (mode == Mode.CLOSED) {
            return;
        }
        View before = view;
        long readAt = nanos.getAsLong();
        if (before != null && owner.equals(before.lease().owner()) && mode != Mode.FOLLOWING) {
            // a renewal refused means another instance took the lease; one that succeeds, even late, means nobody
            // decided meanwhile (this instance refused its claims while its lease was ending)
            Optional<Lease> renewed = leases.renew(owner, timing.term());
            if (renewed.isEmpty()) {
                lost("renewal refused");
                view = new View(leases.read(), nanos.getAsLong());
                return;
            }
            view = new View(renewed.get(), readAt);
            advance(renewed.get());
            return;
        }
        Lease lease = leases.read();
        view = new View(lease, readAt);
        String mine = url.get();
        // an instance without a decision port leads only a free lease (its followers cannot forward to it)
        if (!lease.live() || (mine != null && mine.equals(lease.url()))) {
            long acquiredAt = nanos.getAsLong();
            Optional<Lease> taken = leases.acquire(owner, mine, timing.term());
            if (taken.isPresent()) {
                view = new View(taken.get(), acquiredAt);
                log.info("leading the replay claims from {}", mine == null ? "an instance without a decision port" : mine);
                takeLead(taken.get());
            }
        }
    }

    private void lost(String why) {
        synchronized (lock) {
            if (mode != Mode.FOLLOWING) {
                log.warn("no longer leading the replay claims: {}", why);
            }
            mode = Mode.FOLLOWING;
        }
    }

    /**
     * Starts to take the lead: reads every unexpired claim, on a thread of its own (a lead's first read may be
     * millions of claims; the lease is renewed meanwhile), then switches after {@code switchAfter}.
     */
    private void takeLead(Lease lease) {
        int lead;
        synchronized (lock) {
            mode = Mode.READING;
            firstReadDone = false;
            switchAt = lease.now().plus(timing.switchAfter());
            // the last read takes what the first may have missed: claims inserted while it ran, and just before
            readFrom = lease.now().minus(LAST_READ_OVERLAP);
            lead = ++leads;
        }
        // a claim is inserted at most 10 minutes before it expires (its timestamp at most 5 minutes ahead)
        Instant from = lease.now().minus(guard.window().multipliedBy(2)).minus(LAST_READ_OVERLAP);
        reader.execute(() -> {
            try {
                int read = loaded(store.claimsInsertedSince(from, lease.now()));
                synchronized (lock) {
                    if (lead == leads && mode == Mode.READING) {
                        firstReadDone = true;
                        log.info("read {} unexpired replay claims for the lead", read);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("the replay claims could not be read for the lead; trying again: {}", e.toString());
                retryRead(lead, lease);
            }
        });
    }

    private void retryRead(int lead, Lease lease) {
        try {
            Thread.sleep(timing.renewEvery().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (lock) {
            if (lead != leads || mode != Mode.READING) {
                return;
            }
        }
        takeLead(lease);
    }

    /** Moves the lead on: when due and read, reads what was written since and decides from memory. */
    private void advance(Lease lease) {
        if (mode != Mode.READING || !firstReadDone || lease.now().isBefore(switchAt)) {
            return;
        }
        List<Claim> late = store.claimsInsertedSince(readFrom, lease.now());
        loaded(late);
        synchronized (lock) {
            if (mode != Mode.READING) {
                return;
            }
            mode = Mode.LEADING;
        }
        log.info("deciding replay claims from memory ({} claims read since the lead began)", late.size());
    }

    /** Puts claims read from the store into the guard; how many. */
    private int loaded(List<Claim> claims) {
        int refused = 0;
        for (Claim claim : claims) {
            Verdict verdict = guard.admit(claim.expiresAt().minus(guard.window()).toEpochMilli(), claim.fingerprint());
            if (verdict.reason().orElse(null) == DenyReason.RATE_LIMITED) {
                refused++;
            }
        }
        if (refused > 0) {
            log.error("the replay guard is full: {} claims read from the store are not in it", refused);
        }
        return claims.size();
    }

    /** Stops leading: writes what was decided from memory, then releases the lease so another may lead at once. */
    @Override
    public void close() {
        boolean leading;
        synchronized (lock) {
            leading = mode != Mode.FOLLOWING && mode != Mode.CLOSED;
            mode = Mode.CLOSED;
        }
        ticker.shutdownNow();
        reader.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (forwarder != null) {
                try {
                    forwarder.close();
                } catch (RuntimeException e) {
                    log.warn("forwarding replay claims did not stop cleanly: {}", e.toString());
                }
            }
        }
        if (leading) {
            if (behind.drain(Duration.ofSeconds(5))) {
                try {
                    leases.release(owner);
                    log.info("released the lead of the replay claims");
                } catch (RuntimeException e) {
                    log.warn("could not release the replay claims' lease; it expires by itself: {}", e.toString());
                }
            } else {
                log.warn("replay claims decided from memory are not all written; the lease is left to expire");
            }
        }
    }

    /** A forwarded claim reached an instance that does not lead the claims. */
    public static final class NotLeadingException extends RuntimeException {
        public NotLeadingException(String message) {
            super(message, null, false, false);
        }
    }
}
