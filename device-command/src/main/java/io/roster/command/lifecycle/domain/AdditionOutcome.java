package io.roster.command.lifecycle.domain;

/** One addition of an {@link AddDevicesCommand}: what it did, or why it was refused (exactly one is set). */
public record AdditionOutcome(DeviceAddition addition, DomainException refusal) {

    static AdditionOutcome added(DeviceAddition addition) {
        return new AdditionOutcome(addition, null);
    }

    static AdditionOutcome refused(DomainException refusal) {
        return new AdditionOutcome(null, refusal);
    }
}
