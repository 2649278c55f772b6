package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * In a visiting region: an X.509 cross-region device of another region without a fingerprint connected here, and
 * its certificate's fingerprint was pinned. It travels home, which takes it unless it holds another.
 *
 * @param homeSequence the home sequence of the copy the connection was decided on
 */
@Revision("1")
public record CrossRegionFingerprintPinned(String productKey, String deviceKey, String homeRegion, long homeSequence,
                                           String certificateFingerprint) implements DeviceEvent {
}
