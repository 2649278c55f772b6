package io.roster.command.lifecycle.domain;

/**
 * A refusal the business cares about. {@link #code()} is the machine-readable error the API returns;
 * the web adapter maps each subtype to its HTTP status.
 */
public abstract sealed class DomainException extends RuntimeException
        permits QuotaExhaustedException, DeviceExistsException, UnknownDeviceException,
        StaticAuthNotSupportedException, UnknownProductException, NoDeviceSecretException,
        WrongAuthTypeException, AlreadyRegisteredException, DeviceNotConnectedException, UnknownCaException,
        CaExistsException, FingerprintConflictException {

    private final String code;

    protected DomainException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
