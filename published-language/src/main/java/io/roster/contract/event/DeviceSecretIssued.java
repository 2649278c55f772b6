package io.roster.contract.event;

import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

/** A dynamic device registered and was issued its device secret (encrypted here; handed to the device once). */
@Revision("1")
public record DeviceSecretIssued(String productKey, String deviceKey, EncryptedSecret deviceSecret) implements DeviceEvent {
}
