package io.roster.sync.domain;

/** How region-sync stands with a peer region. */
public enum ConnectionState {
    /** Known from configuration; replication from it has not started. */
    NOT_CONNECTED
}
