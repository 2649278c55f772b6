package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/** A device was taken off the cross-region device list, in its home region; the other regions drop their copy. */
@Revision("1")
public record DeviceCrossRegionDisabled(String productKey, String deviceKey) implements DeviceEvent {
}
