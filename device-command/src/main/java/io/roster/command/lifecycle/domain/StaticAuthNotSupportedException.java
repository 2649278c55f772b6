package io.roster.command.lifecycle.domain;

import io.roster.contract.Protocol;

public final class StaticAuthNotSupportedException extends DomainException {
    public StaticAuthNotSupportedException(String productKey, Protocol protocol) {
        super("STATIC_AUTH_NOT_SUPPORTED", "Static authentication is only available for MQTT and LWM2M products; product "
                + productKey + " uses " + protocol + ".");
    }
}
