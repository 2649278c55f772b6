package io.roster.command.auth.domain.ratelimit;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;

import java.time.Clock;
import java.util.function.BiConsumer;

/**
 * The failure limits of connection authentication, keyed on the device and on the <em>device's</em> address (the
 * {@code peerAddress} of a connect, the {@code peerhost} of the EMQX hook), never on the address of the gateway that
 * asks: a gateway carries thousands of devices and is not one source.
 * <ul>
 *   <li>a device at a source ({@link FailurePolicy#perDeviceAndSource()}): whoever fails for a device is blocked for
 *       that device from his address, with escalation; the real device, connecting from another address, is not;</li>
 *   <li>a source over all devices ({@link FailurePolicy#perSource()}): an address guessing many device keys;</li>
 *   <li>a device over all sources ({@link FailurePolicy#perDevice()}): bounds guessing spread over many addresses,
 *       or from an unknown source; its block is short and never escalates.</li>
 * </ul>
 * A request whose source is unknown ({@code null}) counts for its device only. Since refusals of a block in force
 * are not failures, one address alone can never reach the per-device limit: once it failed 7 times for a device it
 * is refused without counting.
 */
public final class FailureLimits {

    private final FailureRateLimiter perDevice;
    private final FailureRateLimiter perDeviceAndSource;
    private final FailureRateLimiter perSource;

    public FailureLimits(FailureRateLimiter perDevice, FailureRateLimiter perDeviceAndSource, FailureRateLimiter perSource) {
        this.perDevice = perDevice;
        this.perDeviceAndSource = perDeviceAndSource;
        this.perSource = perSource;
    }

    /** The standard policies. */
    public static FailureLimits standard(Clock clock) {
        return new FailureLimits(new FailureRateLimiter(clock, FailurePolicy.perDevice()),
                new FailureRateLimiter(clock, FailurePolicy.perDeviceAndSource()),
                new FailureRateLimiter(clock, FailurePolicy.perSource()));
    }

    /** Allowed, or {@link DenyReason#RATE_LIMITED}; {@code source} is the device's address or {@code null}. */
    public Verdict check(String productKey, String deviceKey, String source) {
        String device = FailureRateLimiter.deviceSubject(productKey, deviceKey);
        Verdict blocked = perDevice.check(device);
        if (!blocked.allowed() || source == null) {
            return blocked;
        }
        blocked = perDeviceAndSource.check(pair(device, source));
        return blocked.allowed() ? perSource.check(source) : blocked;
    }

    public void recordFailure(String productKey, String deviceKey, String source) {
        record(productKey, deviceKey, source, FailureRateLimiter::recordFailure);
    }

    public void recordSuccess(String productKey, String deviceKey, String source) {
        record(productKey, deviceKey, source, FailureRateLimiter::recordSuccess);
    }

    /** Records an outcome with every limiter the request counts for: its device, and with a source the other two. */
    private void record(String productKey, String deviceKey, String source, BiConsumer<FailureRateLimiter, String> outcome) {
        String device = FailureRateLimiter.deviceSubject(productKey, deviceKey);
        outcome.accept(perDevice, device);
        if (source != null) {
            outcome.accept(perDeviceAndSource, pair(device, source));
            outcome.accept(perSource, source);
        }
    }

    /** Sources are IP literals, which contain no line feed. */
    private static String pair(String device, String source) {
        return device + '\n' + source;
    }
}
