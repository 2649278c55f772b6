package io.roster.contract.event;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * In a visiting region: another region's cross-region device entered this region's cross-region device list, or
 * its copy here was brought up to date. The whole state as its home region holds it, at {@code homeSequence}; a copy
 * only ever moves to a later home sequence, so replaying or redelivering changes nothing (docs/multi-region.md).
 *
 * @param homeSequence the sequence number, in the home region's product, of the last event this state reflects
 * @param activated    whether the device is activated at home
 */
@Revision("1")
public record CrossRegionDeviceReplicated(String productKey, String deviceKey, String homeRegion, long homeSequence,
                                          AuthType authType, String sn, EncryptedSecret deviceSecret,
                                          String certificateFingerprint, List<String> revokedFingerprints,
                                          boolean activated) implements DeviceEvent {
    public CrossRegionDeviceReplicated {
        revokedFingerprints = revokedFingerprints == null ? List.of() : List.copyOf(revokedFingerprints);
    }
}
