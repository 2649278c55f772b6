package io.roster.command.auth.domain.ratelimit;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocks a subject (a device, a source address) with exponential back-off after repeated failed
 * authentications, per a {@link FailurePolicy}.
 * <p>
 * Only failures count: a subject that never fails is never tracked, and {@link #check} on it is one map
 * lookup. Use it in this order: {@link #check} before verifying anything (a blocked subject is refused as
 * {@link DenyReason#RATE_LIMITED} without its credential being looked at), then {@link #recordFailure} for a
 * credential that did not verify, or {@link #recordSuccess} for one that did. Refusals that come from the
 * limiter itself are not failures and must not be recorded.
 * <p>
 * Memory is bounded by {@code maxTrackedSubjects}. When full even after dropping forgotten subjects, failures
 * of subjects not yet tracked are counted in {@link #untrackedFailures()} and otherwise ignored (blocks already
 * in force keep holding): this limiter sheds load, so under memory pressure it fails open for newcomers rather
 * than refuse everyone; the per-source limiter bounds what a flood of made-up device keys can do.
 */
public final class FailureRateLimiter {

    private static final long SWEEP_INTERVAL_MILLIS = 30_000;
    private static final long FULL_SWEEP_BACKOFF_MILLIS = 1_000;
    private static final int MAX_DOUBLINGS = 30;

    private final Clock clock;
    private final FailurePolicy policy;
    private final long windowMillis;
    private final long baseBlockMillis;
    private final long maxBlockMillis;
    private final long forgetAfterMillis;
    private final ConcurrentHashMap<String, Subject> subjects = new ConcurrentHashMap<>();
    private final AtomicLong untrackedFailures = new AtomicLong();
    private final AtomicLong nextSweepAt;
    private final AtomicLong lastFullSweepAt;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public FailureRateLimiter(Clock clock, FailurePolicy policy) {
        this.clock = clock;
        this.policy = policy;
        this.windowMillis = policy.window().toMillis();
        this.baseBlockMillis = policy.baseBlock().toMillis();
        this.maxBlockMillis = policy.maxBlock().toMillis();
        this.forgetAfterMillis = policy.forgetAfter().toMillis();
        long now = clock.millis();
        this.nextSweepAt = new AtomicLong(now + SWEEP_INTERVAL_MILLIS);
        this.lastFullSweepAt = new AtomicLong(now - FULL_SWEEP_BACKOFF_MILLIS);
    }

    /** The subject name for a device: product key and device key, which cannot contain a line feed. */
    public static String deviceSubject(String productKey, String deviceKey) {
        return productKey + '\n' + deviceKey;
    }

    /** Allowed, or {@link DenyReason#RATE_LIMITED} with the seconds left in the block as detail. */
    public Verdict check(String subject) {
        Duration left = retryAfter(subject);
        return left.isZero() ? Verdict.allow()
                : Verdict.deny(DenyReason.RATE_LIMITED, "blocked for " + Math.max(1, left.toSeconds()) + " s more");
    }

    /** How long the subject stays blocked; zero when it is not blocked. */
    public Duration retryAfter(String subject) {
        Subject s = subjects.get(subject);
        if (s == null) {
            return Duration.ZERO;
        }
        long left = s.blockedUntil - clock.millis();
        return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    public void recordFailure(String subject) {
        long now = clock.millis();
        maybeSweep(now);
        if (!subjects.containsKey(subject) && subjects.size() >= policy.maxTrackedSubjects() && !roomAfterFullSweep(now)) {
            untrackedFailures.incrementAndGet();
            return;
        }
        subjects.compute(subject, (key, s) -> {
            Subject current = s == null ? new Subject(now) : s;
            current.fail(now);
            return current;
        });
    }

    /** Forgets the subject if the policy says successes do; otherwise a success changes nothing. */
    public void recordSuccess(String subject) {
        if (policy.successForgets()) {
            subjects.remove(subject);
        }
    }

    /** Drops subjects that are neither blocked nor counting failures nor remembered for escalation. */
    public int sweep() {
        long now = clock.millis();
        int[] removed = {0};
        // Decide under each key's lock, so that a failure recorded meanwhile is never swept away.
        subjects.forEach((key, ignored) -> subjects.computeIfPresent(key, (k, s) -> {
            if (s.forgettable(now)) {
                removed[0]++;
                return null;
            }
            return s;
        }));
        return removed[0];
    }

    public int trackedSubjects() {
        return subjects.size();
    }

    /** Failures not counted because the limiter was full. */
    public long untrackedFailures() {
        return untrackedFailures.get();
    }

    public FailurePolicy policy() {
        return policy;
    }

    private void maybeSweep(long now) {
        long due = nextSweepAt.get();
        if (now >= due && nextSweepAt.compareAndSet(due, now + SWEEP_INTERVAL_MILLIS)) {
            sweepExclusively();
        }
    }

    private boolean roomAfterFullSweep(long now) {
        long last = lastFullSweepAt.get();
        if (now - last >= FULL_SWEEP_BACKOFF_MILLIS && lastFullSweepAt.compareAndSet(last, now)) {
            sweepExclusively();
        }
        return subjects.size() < policy.maxTrackedSubjects();
    }

    private void sweepExclusively() {
        if (sweeping.compareAndSet(false, true)) {
            try {
                sweep();
            } finally {
                sweeping.set(false);
            }
        }
    }

    /** Mutated only inside {@code compute} (one writer per key); {@code blockedUntil} is read without the lock. */
    private final class Subject {
        private long windowStart;
        private int failures;
        private int level;
        private long lastFailureAt;
        private volatile long blockedUntil;

        Subject(long now) {
            this.windowStart = now;
            this.lastFailureAt = now;
        }

        void fail(long now) {
            if (now < blockedUntil) {
                return;
            }
            if (now - Math.max(lastFailureAt, blockedUntil) >= forgetAfterMillis) {
                level = 0;
            }
            if (now - windowStart >= windowMillis) {
                windowStart = now;
                failures = 0;
            }
            failures++;
            lastFailureAt = now;
            if (failures >= policy.maxFailures()) {
                long block = baseBlockMillis << Math.min(level, MAX_DOUBLINGS);
                blockedUntil = now + (block <= 0 || block > maxBlockMillis ? maxBlockMillis : block);
                level = Math.min(level + 1, MAX_DOUBLINGS);
                failures = 0;
                windowStart = now;
            }
        }

        boolean forgettable(long now) {
            if (now < blockedUntil) {
                return false;
            }
            boolean quietLongEnough = now - Math.max(lastFailureAt, blockedUntil) >= forgetAfterMillis;
            boolean nothingToRemember = level == 0 && now - windowStart >= windowMillis;
            return quietLongEnough || nothingToRemember;
        }
    }
}
