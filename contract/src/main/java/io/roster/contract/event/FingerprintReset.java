package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/** An X.509 device's fingerprint was reset: the old certificate stops working; the next valid one is pinned. */
@Revision("1")
public record FingerprintReset(String productKey, String deviceKey) implements DeviceEvent {
}
