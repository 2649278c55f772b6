package io.roster.contract.event;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A device already on its product's list was put on the cross-region device list, in its home region. It carries
 * the device's state at that moment, so that the other regions can create their copy without its history
 * (docs/multi-region.md).
 *
 * @param deviceSecret           the device's current secret, encrypted (static; dynamic once registered), or null
 * @param certificateFingerprint its registered or pinned certificate fingerprint, or null
 * @param revokedFingerprints    fingerprints reset away from it, refused for good
 * @param activated              whether it is activated at home
 */
@Revision("1")
public record DeviceCrossRegionEnabled(String productKey, String deviceKey, AuthType authType, String sn,
                                       EncryptedSecret deviceSecret, String certificateFingerprint,
                                       List<String> revokedFingerprints, boolean activated) implements DeviceEvent {
    public DeviceCrossRegionEnabled {
        revokedFingerprints = revokedFingerprints == null ? List.of() : List.copyOf(revokedFingerprints);
    }
}
