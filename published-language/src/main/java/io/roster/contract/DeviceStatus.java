package io.roster.contract;

/** A device is INACTIVE from its addition until its first successful connection authentication. */
public enum DeviceStatus {
    INACTIVE, ACTIVATED
}
