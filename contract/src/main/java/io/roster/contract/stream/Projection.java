package io.roster.contract.stream;

import java.util.List;

/**
 * A read model fed from the event topic. Applying an event it has already applied must change
 * nothing: after a crash the consumer re-delivers from the last offsets it stored.
 */
public interface Projection {

    /** Applies a batch, in topic order within each partition. Throwing makes the consumer retry the batch. */
    void apply(List<ConsumedEvent> batch);

    /** Drops everything, before a rebuild from the start of the topic. */
    void clear();
}
