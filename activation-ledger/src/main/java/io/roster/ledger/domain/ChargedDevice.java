package io.roster.ledger.domain;

import java.time.Instant;

/**
 * A device key that has been charged for good: it was activated once, so adding it again later takes
 * no code and its later use takes none either.
 *
 * @param since   when the charge became final
 * @param seq     sequence number of the event that made it final
 * @param entryId the entry of that event (its event id): the consumption, as a rule
 */
public record ChargedDevice(String productKey, String deviceKey, Instant since, long seq, String entryId) {
}
