package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * In a visiting region: another region's device left this region's cross-region device list (and its device list,
 * had it connected here), because it was deleted or taken off the cross-region list at home.
 *
 * @param homeSequence the home region's sequence number of the deletion or removal
 */
@Revision("1")
public record CrossRegionDeviceRemoved(String productKey, String deviceKey, String homeRegion, long homeSequence)
        implements DeviceEvent {
}
