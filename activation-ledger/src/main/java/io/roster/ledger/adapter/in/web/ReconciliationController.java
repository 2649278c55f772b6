package io.roster.ledger.adapter.in.web;

import io.roster.ledger.application.reconciliation.Reconciliation;
import io.roster.ledger.application.reconciliation.ReconciliationMonitor;
import io.roster.ledger.application.reconciliation.ReconciliationReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ledger compared with device-command's own counts (docs/ledger.md, "Reconciliation"). */
@Tag(name = "reconciliation")
@RestController
class ReconciliationController {

    private final ObjectProvider<Reconciliation> reconciliation;
    private final ObjectProvider<ReconciliationMonitor> monitor;

    ReconciliationController(ObjectProvider<Reconciliation> reconciliation, ObjectProvider<ReconciliationMonitor> monitor) {
        this.reconciliation = reconciliation;
        this.monitor = monitor;
    }

    @Operation(summary = "Compare every product (or one) with device-command at a common event position, now")
    @GetMapping("/api/v1/reconciliation")
    ReconciliationResponse reconcile(@RequestParam(required = false) String productKey) {
        Reconciliation r = reconciliation.getIfAvailable();
        if (r == null) {
            throw new ReconciliationNotConfiguredException();
        }
        ReconciliationReport report = productKey == null ? r.checkAll() : r.checkOne(productKey);
        return ReconciliationResponse.of(report);
    }

    @Operation(summary = "The last scheduled run's report (404 before the first, 503 when not configured)")
    @GetMapping("/api/v1/reconciliation/last")
    ReconciliationResponse last() {
        ReconciliationMonitor m = monitor.getIfAvailable();
        if (m == null) {
            throw new ReconciliationNotConfiguredException();
        }
        ReconciliationReport report = m.last();
        if (report == null) {
            throw new NoReconciliationYetException();
        }
        return ReconciliationResponse.of(report);
    }

    /** No device-command to compare with was configured. */
    static final class ReconciliationNotConfiguredException extends RuntimeException {
        ReconciliationNotConfiguredException() {
            super("reconciliation needs device-command's URL and the ledger's token: set ROSTER_COMMAND_URL and "
                    + "ROSTER_LEDGER_TOKEN_FILE");
        }
    }

    /** The schedule has not completed a run yet. */
    static final class NoReconciliationYetException extends RuntimeException {
        NoReconciliationYetException() {
            super("no scheduled reconciliation has completed yet; GET /api/v1/reconciliation runs one now");
        }
    }
}
