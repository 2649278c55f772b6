package io.roster.ledger.adapter.in.web;

/**
 * Whether the device key was charged for good: once activated, it never takes a code again.
 *
 * @param entry the entry that charged it (its consumption, as a rule); null when it never was
 */
public record ChargedResponse(String productKey, String deviceKey, boolean charged, EntryResponse entry) {
}
