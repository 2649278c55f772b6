package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * A device was deleted from its product's device list.
 *
 * @param refunded     whether its activation code went back to the product (only if never activated)
 * @param wasActivated whether the device had ever been activated
 * @param available    codes left for addition after this event
 */
@Revision("1")
public record DeviceDeleted(
        String productKey,
        String deviceKey,
        boolean refunded,
        boolean wasActivated,
        long available) implements DeviceEvent {
}
