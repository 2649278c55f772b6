package io.roster.query.domain;

import io.roster.contract.NodeType;
import io.roster.contract.Protocol;

import java.time.Instant;

/**
 * A product as the device list shows it, with its activation-code stock. A product copied from its home region
 * holds no codes here.
 *
 * @param homeRegion where the product was created
 * @param replica    whether it is the copy of another region's product
 * @param createdAt  when it was created, or, for a copy, when it was first copied here
 */
public record Product(String productKey, String name, Protocol protocol, NodeType nodeType, long codesGranted,
                      long codesAvailable, Instant createdAt, String homeRegion, boolean replica) {

    /** Codes taken by devices in the list or consumed by activated ones. */
    public long codesInUse() {
        return codesGranted - codesAvailable;
    }
}
