package io.roster.command.lifecycle.domain;

/**
 * A product's activation codes at one event of its stream.
 *
 * @param granted   every code ever granted to the product
 * @param available the codes a new device may take now: the count a {@link QuotaExhaustedException} states
 * @param seq       the sequence number of the product's last event, the last one these counts include
 */
public record ActivationCodes(long granted, long available, long seq) {
}
