package io.roster.query.domain;

import io.roster.contract.NodeType;
import io.roster.contract.Protocol;

import java.time.Instant;

/** A product as the device list shows it, with its activation-code stock. */
public record Product(String productKey, String name, Protocol protocol, NodeType nodeType, long codesGranted,
                      long codesAvailable, Instant createdAt) {

    /** Codes taken by devices in the list or consumed by activated ones. */
    public long codesInUse() {
        return codesGranted - codesAvailable;
    }
}
