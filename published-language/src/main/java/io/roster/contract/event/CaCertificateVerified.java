package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/** The owner of a product's CA certificate proved possession of its private key; devices may now chain to it. */
@Revision("1")
public record CaCertificateVerified(String productKey, String caId) implements ProductEvent {
}
