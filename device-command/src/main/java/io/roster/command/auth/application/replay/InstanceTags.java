package io.roster.command.auth.application.replay;

/** Tags that only the instances of one deployment, which share its keys, can make and check. */
public interface InstanceTags {

    /** A tag of {@code data} for {@code purpose}: another purpose's tag never verifies for this one. */
    String tag(String purpose, byte[] data);

    /** Whether {@code tag} is {@link #tag}'s for {@code data} and {@code purpose}; false when malformed. */
    boolean verify(String purpose, byte[] data, String tag);
}
