package io.roster.ledger.application.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * One run of the reconciliation.
 *
 * @param products how many products were compared
 * @param checks   the products that did not match (all of them when one product was asked for)
 */
public record ReconciliationReport(Instant startedAt, Instant finishedAt, long products, long matched, long drifted,
                                   long behind, List<ProductCheck> checks) {
}
