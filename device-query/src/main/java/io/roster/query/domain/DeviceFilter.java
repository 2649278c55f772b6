package io.roster.query.domain;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceStatus;

/** Which devices of a product's list to show; a null criterion matches every device. */
public record DeviceFilter(DeviceStatus status, AuthType authType, Boolean crossRegion) {

    public static DeviceFilter all() {
        return new DeviceFilter(null, null, null);
    }
}
