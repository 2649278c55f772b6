package io.roster.command.lifecycle.domain;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a device to a product's list. A static device's secret arrives already encrypted. */
public record AddDeviceCommand(
        @TargetAggregateIdentifier String productKey,
        String deviceKey,
        AuthType authType,
        String sn,
        boolean crossRegion,
        EncryptedSecret deviceSecret,
        String certificateFingerprint) {
}
