package io.roster.query.adapter.in.web;

import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.query.domain.Product;

import java.time.Instant;

/** A product and its activation codes: granted in total, in use by devices, available for addition. */
public record ProductResponse(String productKey, String name, Protocol protocol, NodeType nodeType, Codes codes,
                              Instant createdAt) {

    public record Codes(long granted, long inUse, long available) {
    }

    static ProductResponse of(Product p) {
        return new ProductResponse(p.productKey(), p.name(), p.protocol(), p.nodeType(),
                new Codes(p.codesGranted(), p.codesInUse(), p.codesAvailable()), p.createdAt());
    }
}
