package io.roster.query.adapter.in.web;

import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.query.domain.Product;

import java.time.Instant;

/**
 * A product and its activation codes: granted in total, in use by devices, available for addition. A product
 * copied from its home region ({@code homeRegion} is another region) shows no codes: they are counted at home.
 */
public record ProductResponse(String productKey, String name, Protocol protocol, NodeType nodeType, Codes codes,
                              Instant createdAt, String homeRegion) {

    public record Codes(long granted, long inUse, long available) {
    }

    static ProductResponse of(Product p) {
        return new ProductResponse(p.productKey(), p.name(), p.protocol(), p.nodeType(),
                new Codes(p.codesGranted(), p.codesInUse(), p.codesAvailable()), p.createdAt(), p.homeRegion());
    }
}
