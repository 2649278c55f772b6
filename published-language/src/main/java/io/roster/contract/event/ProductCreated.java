package io.roster.contract.event;

import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import org.axonframework.serialization.Revision;

/** A product was created. Its secret was handed out once in the response; here it is only encrypted. */
@Revision("1")
public record ProductCreated(
        String productKey,
        String name,
        Protocol protocol,
        NodeType nodeType,
        EncryptedSecret productSecret) implements ProductEvent {
}
