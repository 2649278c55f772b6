package io.roster.contract;

/** How a device proves who it is when it connects; chosen when the device is added. */
public enum AuthType {
    DYNAMIC, STATIC, X509
}
