package io.roster.ledger.adapter.in.web;

/** Whether the device key was charged for good: once activated, it never takes a code again. */
public record ChargedResponse(String productKey, String deviceKey, boolean charged) {
}
