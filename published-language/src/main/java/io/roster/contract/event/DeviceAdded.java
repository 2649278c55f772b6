package io.roster.contract.event;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

/**
 * A device was added to its product's device list.
 *
 * @param codeCharged  whether this addition took an activation code (false for a device that was
 *                     activated before, deleted and added again: it is never charged twice)
 * @param available    codes left for addition after this event
 * @param deviceSecret the static device secret, encrypted; null for dynamic and X.509 devices
 * @param certificateFingerprint lowercase hex SHA-256 of the DER certificate registered at add time, or null
 * @param sn           the serial number associated at add time, or null
 */
@Revision("1")
public record DeviceAdded(
        String productKey,
        String deviceKey,
        AuthType authType,
        String sn,
        boolean crossRegion,
        EncryptedSecret deviceSecret,
        String certificateFingerprint,
        boolean codeCharged,
        long available) implements DeviceEvent {
}
