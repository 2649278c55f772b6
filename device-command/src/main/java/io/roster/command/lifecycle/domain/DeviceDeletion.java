package io.roster.command.lifecycle.domain;

/** What deleting a device did to the product's activation codes. */
public record DeviceDeletion(boolean refunded, long available) {
}
