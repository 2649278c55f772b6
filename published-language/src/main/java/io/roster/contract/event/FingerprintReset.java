package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * An X.509 device's fingerprint was reset: the old certificate stops working at once and for good; the
 * next valid certificate it presents is pinned.
 *
 * @param revokedFingerprint the fingerprint that was registered or pinned until now
 */
@Revision("1")
public record FingerprintReset(String productKey, String deviceKey, String revokedFingerprint) implements DeviceEvent {
}
