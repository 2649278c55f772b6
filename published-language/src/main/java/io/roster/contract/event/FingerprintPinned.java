package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * An X.509 device without a registered fingerprint connected successfully for the first time (since
 * it was added or its fingerprint was reset): its certificate's SHA-256 fingerprint is now the only
 * one accepted.
 */
@Revision("1")
public record FingerprintPinned(String productKey, String deviceKey, String certificateFingerprint) implements DeviceEvent {
}
