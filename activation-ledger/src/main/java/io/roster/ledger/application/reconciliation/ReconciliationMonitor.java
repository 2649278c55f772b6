package io.roster.ledger.application.reconciliation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the reconciliation of every product on a schedule and exports its outcome: gauges
 * {@code roster.ledger.reconciliation.drifted} and {@code .behind} (products, from the last complete run),
 * {@code .last.run} (epoch seconds of its end), counters {@code .runs} and {@code .failures}. Each drift is
 * logged with the product and both sides' counts.
 */
public class ReconciliationMonitor {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationMonitor.class);

    private final Reconciliation reconciliation;
    private final AtomicReference<ReconciliationReport> last = new AtomicReference<>();
    private final AtomicLong drifted = new AtomicLong();
    private final AtomicLong behind = new AtomicLong();
    private final AtomicLong lastRun = new AtomicLong();
    private final Counter runs;
    private final Counter failures;

    public ReconciliationMonitor(Reconciliation reconciliation, MeterRegistry meters) {
        this.reconciliation = reconciliation;
        Gauge.builder("roster.ledger.reconciliation.drifted", drifted, AtomicLong::get)
                .description("products whose codes differed between device-command and the ledger at the last run")
                .register(meters);
        Gauge.builder("roster.ledger.reconciliation.behind", behind, AtomicLong::get)
                .description("products the ledger had not caught up on at the last run")
                .register(meters);
        Gauge.builder("roster.ledger.reconciliation.last.run", lastRun, AtomicLong::get)
                .description("when the last complete run ended, in seconds since the epoch")
                .register(meters);
        this.runs = Counter.builder("roster.ledger.reconciliation.runs").register(meters);
        this.failures = Counter.builder("roster.ledger.reconciliation.failures")
                .description("runs that could not complete, e.g. device-command unreachable")
                .register(meters);
    }

    /** One scheduled run; a failure is counted and logged, and the next run tries again. */
    public void run() {
        try {
            ReconciliationReport report = reconciliation.checkAll();
            last.set(report);
            drifted.set(report.drifted());
            behind.set(report.behind());
            lastRun.set(report.finishedAt().getEpochSecond());
            runs.increment();
            report.checks().stream().filter(ProductCheck::drifted).forEach(c ->
                    log.warn("reconciliation drift on product {} at seq {}: {} (device-command {}, ledger {})",
                            c.productKey(), c.seq(), c.detail(), c.command(), c.ledger()));
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("reconciliation run failed: {}", e.getMessage());
        }
    }

    /** The last complete run's report, or null before the first. */
    public ReconciliationReport last() {
        return last.get();
    }
}
