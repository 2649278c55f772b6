package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Several device additions to one product, decided one by one in a single unit of work: each is added or
 * refused exactly as an {@link AddDeviceCommand} alone would be, and all that were added commit together.
 */
public record AddDevicesCommand(@TargetAggregateIdentifier String productKey, List<AddDeviceCommand> additions) {

    public AddDevicesCommand {
        additions = List.copyOf(additions);
        if (additions.stream().anyMatch(a -> !a.productKey().equals(productKey))) {
            throw new IllegalArgumentException("every addition must be for product " + productKey);
        }
    }
}
