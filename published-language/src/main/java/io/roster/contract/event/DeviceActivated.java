package io.roster.contract.event;

import io.roster.contract.AuthType;
import org.axonframework.serialization.Revision;

/**
 * A device passed connection authentication for the first time; its activation code went from
 * reserved to consumed (when it had one: a device activated before is never charged again).
 */
@Revision("1")
public record DeviceActivated(
        String productKey,
        String deviceKey,
        AuthType authType,
        boolean codeConsumed) implements DeviceEvent {
}
