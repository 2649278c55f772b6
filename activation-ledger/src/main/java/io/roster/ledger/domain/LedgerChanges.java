package io.roster.ledger.domain;

import io.roster.contract.DeviceId;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.RosterEvent;

import io.roster.contract.readside.SequencedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of events does to the ledger: one new balance per product touched, the entries of the
 * events that moved codes, the device keys charged for good, and the drifts seen on the way.
 *
 * <p>The code rules: adding a device reserves a code when the event says it was charged; deleting it
 * before its activation refunds that code; its first activation consumes it; a grant adds codes. Adding or
 * activating again a device that was charged once takes nothing, and is recorded as such
 * ({@link EntryKind#NOT_CHARGED}). docs/ledger.md has the rules with a worked example.
 */
public record LedgerChanges(List<BalanceChange> balances, List<LedgerEntry> entries, List<ChargedDevice> charged,
                            List<Drift> drifts) {

    /**
     * A balance before and after the batch.
     *
     * @param before the stored balance the change builds on, or null when the product has none yet
     */
    public record BalanceChange(Balance before, Balance after) {
    }

    /**
     * Folds a batch (in topic order). An event whose sequence number is not above the stored balance's
     * was applied before (a redelivery or a replayed duplicate) and is left out entirely.
     *
     * @param stored the stored balance per product key; absent for products without one
     */
    public static LedgerChanges fold(List<SequencedEvent> batch, Map<String, Balance> stored) {
        Map<String, Balance> before = new LinkedHashMap<>();
        Map<String, Balance> after = new LinkedHashMap<>();
        List<LedgerEntry> entries = new ArrayList<>();
        Map<DeviceId, ChargedDevice> charged = new LinkedHashMap<>();
        List<Drift> drifts = new ArrayList<>();
        for (SequencedEvent e : batch) {
            String productKey = e.event().productKey();
            Balance current = after.computeIfAbsent(productKey, k -> {
                Balance known = stored.get(k);
                before.put(k, known);
                return known == null ? Balance.opened(k) : known;
            });
            if (e.seq() <= current.lastSeq()) {
                continue;
            }
            after.put(productKey, apply(current, e, entries, charged, drifts).at(e.seq()));
        }
        List<BalanceChange> changes = new ArrayList<>();
        after.forEach((productKey, balance) -> {
            Balance old = before.get(productKey);
            if (old == null || old.lastSeq() != balance.lastSeq()) {
                changes.add(new BalanceChange(old, balance));
            }
        });
        return new LedgerChanges(changes, entries, List.copyOf(charged.values()), drifts);
    }

    private static Balance apply(Balance balance, SequencedEvent e, List<LedgerEntry> entries,
                                 Map<DeviceId, ChargedDevice> charged, List<Drift> drifts) {
        RosterEvent event = e.event();
        Balance next = balance;
        if (event instanceof ActivationCodesGranted g) {
            next = balance.grant(g.count());
            entries.add(entry(e, EntryKind.GRANT, null, g.count(), next));
            next = check(next, e, "granted", g.grantedTotal(), next.granted(), drifts);
            next = check(next, e, "available", g.available(), next.available(), drifts);
        } else if (event instanceof DeviceAdded a) {
            if (a.codeCharged()) {
                next = balance.reserve();
                entries.add(entry(e, EntryKind.RESERVE, a.deviceKey(), 1, next));
            } else {
                // only a device activated before is added free of charge
                entries.add(entry(e, EntryKind.NOT_CHARGED, a.deviceKey(), 0, next));
                charge(charged, e, a.deviceKey());
            }
            next = check(next, e, "available", a.available(), next.available(), drifts);
        } else if (event instanceof DeviceDeleted d) {
            if (d.refunded()) {
                next = balance.refund();
                entries.add(entry(e, EntryKind.REFUND, d.deviceKey(), 1, next));
            }
            next = check(next, e, "available", d.available(), next.available(), drifts);
        } else if (event instanceof DeviceActivated x) {
            if (x.codeConsumed()) {
                next = balance.consume();
                entries.add(entry(e, EntryKind.CONSUME, x.deviceKey(), 1, next));
            } else {
                entries.add(entry(e, EntryKind.NOT_CHARGED, x.deviceKey(), 0, next));
            }
            charge(charged, e, x.deviceKey());
        }
        return next;
    }

    /** The first event that charged a device key is the one the ledger keeps, with its entry. */
    private static void charge(Map<DeviceId, ChargedDevice> charged, SequencedEvent e, String deviceKey) {
        String productKey = e.event().productKey();
        charged.putIfAbsent(new DeviceId(productKey, deviceKey),
                new ChargedDevice(productKey, deviceKey, e.at(), e.seq(), e.eventId()));
    }

    private static Balance check(Balance balance, SequencedEvent e, String total, long stated, long ledger,
                                 List<Drift> drifts) {
        if (stated == ledger) {
            return balance;
        }
        drifts.add(new Drift(balance.productKey(), e.seq(), e.event().getClass().getSimpleName(), total, stated, ledger));
        return balance.drifted();
    }

    private static LedgerEntry entry(SequencedEvent e, EntryKind kind, String deviceKey, long count, Balance after) {
        return new LedgerEntry(e.eventId(), kind, e.event().productKey(), deviceKey, count, e.at(), e.seq(),
                after.codes());
    }
}
