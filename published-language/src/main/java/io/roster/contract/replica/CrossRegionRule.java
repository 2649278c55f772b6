package io.roster.contract.replica;

import java.util.Objects;

/**
 * The conflict rule of cross-region devices (docs/multi-region.md, "Conflict rule"), written once for the command
 * side that applies it and for the tests that prove it converges.
 *
 * <ul>
 *   <li>A device's home region owns it. Every other region holds a copy stamped with the home sequence number it
 *       reflects, and takes a state only when it is later than the one it holds ({@link #copyTakes}): replaying or
 *       redelivering changes nothing, and an older state never replaces a newer one.</li>
 *   <li>A visiting region may issue a dynamic device's secret or pin an X.509 device's fingerprint for it when its
 *       copy holds none; that is a proposal, which travels home. The home region takes it only when it holds no such
 *       credential and the device has not changed at home since the copy the proposal was made on
 *       ({@link #homeDecides}); otherwise it records a rejection, whose later home sequence makes every region take the
 *       home's state again. So every region ends with the home region's value, whatever the interleaving.</li>
 * </ul>
 */
public final class CrossRegionRule {

    /** What the home region does with a visiting region's proposal. */
    public enum Outcome {
        /** Taken: the home region records it, and it reaches every region with the home's next sequence number. */
        APPLIED,
        /** The home region already holds exactly this; nothing is recorded. */
        UNCHANGED,
        /** Not taken: the home region records a rejection, and its state stands everywhere. */
        REJECTED,
        /** The device is not on the home region's cross-region list (deleted or taken off): nothing is recorded. */
        UNKNOWN_DEVICE
    }

    private CrossRegionRule() {
    }

    /**
     * Whether a copy at {@code heldSequence} (-1 when there is none) takes a state of {@code offeredSequence}: only a
     * later one, or in a repair (anti-entropy resync) the same one, which then replaces a copy found damaged.
     */
    public static boolean copyTakes(long heldSequence, long offeredSequence, boolean repair) {
        return offeredSequence > heldSequence || (repair && offeredSequence == heldSequence);
    }

    /**
     * The home region's decision on a proposed credential (a secret ciphertext or a fingerprint).
     *
     * @param held            the credential the home region holds now, or null
     * @param proposed        the credential the visiting region issued or pinned
     * @param deviceSequence  the home sequence number of the device's last event
     * @param basedOnSequence the home sequence number of the copy the visiting region decided on
     */
    public static Outcome homeDecides(Object held, Object proposed, long deviceSequence, long basedOnSequence) {
        Objects.requireNonNull(proposed, "proposed");
        if (proposed.equals(held)) {
            return Outcome.UNCHANGED;
        }
        return held == null && deviceSequence <= basedOnSequence ? Outcome.APPLIED : Outcome.REJECTED;
    }
}
