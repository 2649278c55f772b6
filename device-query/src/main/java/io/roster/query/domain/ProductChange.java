package io.roster.query.domain;

import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.ProductReplicated;

import java.time.Instant;

/**
 * What a run of events does to one product document. Every field is an absolute value taken from the
 * last event in the run that carries it (null: no event of the run touched it), so applying the
 * change to a document that already saw part of the run gives the same result.
 *
 * @param lastSeq        sequence number of the run's last event: the document's {@code lastSeq} after it
 * @param created        the product's creation, when it is part of the run
 * @param codesGranted   codes granted in total after the run
 * @param codesAvailable codes available for addition after the run
 * @param homeRegion     the region that recorded the creation, when it is part of the run
 * @param replicated     the run's last copy of the product from its home region, or null
 * @param replicatedAt   when the run's first copy was recorded (the copy's creation here, if the document is new)
 */
public record ProductChange(String productKey, long lastSeq, ProductCreated created, Instant createdAt,
                            Long codesGranted, Long codesAvailable, String homeRegion, ProductReplicated replicated,
                            Instant replicatedAt) {
}
