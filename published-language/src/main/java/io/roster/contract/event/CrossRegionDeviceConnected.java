package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * In a visiting region: another region's cross-region device passed connection authentication here for the first
 * time; it is now on this region's device list too. Travels home, where it activates the device if it is not yet
 * (taking the code its addition reserved there, once).
 *
 * @param homeSequence the home sequence of the copy it was verified against
 */
@Revision("1")
public record CrossRegionDeviceConnected(String productKey, String deviceKey, String homeRegion, long homeSequence)
        implements DeviceEvent {
}
