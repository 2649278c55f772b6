package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * Activation codes were granted to a product. {@code grantedTotal} and {@code available} are the
 * product's totals after this event, so a consumer can apply it idempotently by assignment.
 */
@Revision("1")
public record ActivationCodesGranted(
        String productKey,
        int count,
        long grantedTotal,
        long available) implements ProductEvent {
}
