package io.roster.ledger.application.reconciliation;

import io.roster.contract.readside.UnknownProductException;
import io.roster.ledger.application.LedgerQueries;
import io.roster.ledger.application.LedgerReadModel;
import io.roster.ledger.application.reconciliation.CommandSideCodes.DecidedCodes;
import io.roster.ledger.application.reconciliation.ProductCheck.Counts;
import io.roster.ledger.application.reconciliation.ProductCheck.Status;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.Codes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares each product's codes as device-command decides them with the ledger's, at a common event position
 * (docs/ledger.md, "Reconciliation").
 *
 * <p>The command side answers with its counts and the sequence number of the last event they include. The ledger
 * usually has read that far already or is a moment behind; it waits for it up to {@code catchUpWait}, then takes
 * its own counts at exactly that position from its entries (each carries the product's totals after it), so the
 * two sides are compared at one position even while devices keep being added. The ledger's balance is also
 * checked against its own last entry, so a balance changed behind the ledger's back is found too.
 */
public class Reconciliation {

    private static final Duration POLL = Duration.ofMillis(50);

    private final LedgerReadModel readModel;
    private final LedgerQueries queries;
    private final CommandSideCodes commandSide;
    private final Duration catchUpWait;
    private final Clock clock;

    public Reconciliation(LedgerReadModel readModel, CommandSideCodes commandSide, Duration catchUpWait, Clock clock) {
        this.readModel = readModel;
        this.queries = new LedgerQueries(readModel);
        this.commandSide = commandSide;
        this.catchUpWait = catchUpWait;
        this.clock = clock;
    }

    /** Every product the ledger knows; the report lists those that did not match. */
    public ReconciliationReport checkAll() {
        Instant started = clock.instant();
        List<String> productKeys = new ArrayList<>();
        readModel.forEachBalance(b -> productKeys.add(b.productKey()));
        List<ProductCheck> checks = new ArrayList<>();
        for (String productKey : productKeys) {
            try {
                checks.add(check(productKey));
            } catch (UnknownProductException e) {
                // dropped meanwhile by a rebuild: the next run compares it again
            }
        }
        return report(started, checks, false);
    }

    /** One product; the report lists it whatever its outcome. */
    public ReconciliationReport checkOne(String productKey) {
        Instant started = clock.instant();
        queries.balance(productKey);
        return report(started, List.of(check(productKey)), true);
    }

    private ProductCheck check(String productKey) {
        Optional<DecidedCodes> decided = commandSide.codes(productKey);
        if (decided.isEmpty()) {
            return new ProductCheck(productKey, Status.UNKNOWN_TO_COMMAND_SIDE, Balance.NONE, null, null,
                    "device-command does not know this product");
        }
        DecidedCodes command = decided.get();
        Counts commandCounts = new Counts(command.granted(), command.available());
        Optional<Balance> balance = awaitPosition(productKey, command.seq());
        if (balance.isEmpty()) {
            return new ProductCheck(productKey, Status.LEDGER_BEHIND, command.seq(), commandCounts, null,
                    "the ledger had not read up to seq " + command.seq() + " within " + catchUpWait);
        }
        Codes ledger = queries.codesAtSeq(productKey, command.seq());
        List<String> differences = new ArrayList<>();
        if (ledger.granted() != command.granted()) {
            differences.add("granted: device-command " + command.granted() + ", ledger " + ledger.granted());
        }
        if (ledger.available() != command.available()) {
            differences.add("available: device-command " + command.available() + ", ledger " + ledger.available());
        }
        Balance stored = balance.get();
        Codes lastEntry = queries.codesAtSeq(productKey, stored.lastSeq());
        if (!stored.codes().equals(lastEntry)) {
            differences.add("the ledger's balance " + stored.codes() + " at seq " + stored.lastSeq()
                    + " disagrees with its entries " + lastEntry);
        }
        return differences.isEmpty()
                ? new ProductCheck(productKey, Status.MATCHED, command.seq(), commandCounts, ledger, null)
                : new ProductCheck(productKey, Status.DRIFT, command.seq(), commandCounts, ledger,
                String.join("; ", differences));
    }

    /** The ledger's balance once it has read the product's history up to {@code seq}; empty if it did not in time. */
    private Optional<Balance> awaitPosition(String productKey, long seq) {
        Instant deadline = clock.instant().plus(catchUpWait);
        while (true) {
            Optional<Balance> balance = readModel.findBalance(productKey);
            if (balance.isEmpty()) {
                throw new UnknownProductException(productKey); // gone: the ledger is being rebuilt
            }
            if (balance.get().lastSeq() >= seq) {
                return balance;
            }
            if (!clock.instant().isBefore(deadline)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private ReconciliationReport report(Instant started, List<ProductCheck> checks, boolean listAll) {
        long matched = checks.stream().filter(c -> c.status() == Status.MATCHED).count();
        long drifted = checks.stream().filter(ProductCheck::drifted).count();
        long behind = checks.stream().filter(c -> c.status() == Status.LEDGER_BEHIND).count();
        List<ProductCheck> listed = listAll ? checks
                : checks.stream().filter(c -> c.status() != Status.MATCHED).toList();
        return new ReconciliationReport(started, clock.instant(), checks.size(), matched, drifted, behind, listed);
    }
}
