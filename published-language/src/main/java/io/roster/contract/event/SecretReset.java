package io.roster.contract.event;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

/**
 * A device's secret was reset by an operator; the old one stops working at once.
 *
 * @param deviceSecret a static device's new secret (encrypted), or null for a dynamic device, which
 *                     may now register again
 */
@Revision("1")
public record SecretReset(String productKey, String deviceKey, AuthType authType, EncryptedSecret deviceSecret)
        implements DeviceEvent {
}
