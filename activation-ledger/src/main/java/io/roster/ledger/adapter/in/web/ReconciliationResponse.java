package io.roster.ledger.adapter.in.web;

import io.roster.ledger.application.reconciliation.ProductCheck;
import io.roster.ledger.application.reconciliation.ReconciliationReport;

import java.time.Instant;
import java.util.List;

/** A reconciliation run: how many products matched, drifted or were not reached, and the detail of those. */
public record ReconciliationResponse(Instant startedAt, Instant finishedAt, long products, long matched, long drifted,
                                     long behind, List<Check> checks) {

    /**
     * @param seq         the event position both sides were compared at
     * @param commandSide device-command's counts (granted and available), null when it does not know the product
     * @param ledger      the ledger's counts at {@code seq}, null when it had not read that far
     */
    public record Check(String productKey, ProductCheck.Status status, long seq, ProductCheck.Counts commandSide,
                        CodesResponse ledger, String detail) {
    }

    static ReconciliationResponse of(ReconciliationReport r) {
        return new ReconciliationResponse(r.startedAt(), r.finishedAt(), r.products(), r.matched(), r.drifted(),
                r.behind(), r.checks().stream().map(c -> new Check(c.productKey(), c.status(), c.seq(), c.command(),
                CodesResponse.of(c.ledger()), c.detail())).toList());
    }
}
