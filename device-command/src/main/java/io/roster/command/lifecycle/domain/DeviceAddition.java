package io.roster.command.lifecycle.domain;

/** What adding a device did to the product's activation codes. */
public record DeviceAddition(boolean codeCharged, long available) {
}
