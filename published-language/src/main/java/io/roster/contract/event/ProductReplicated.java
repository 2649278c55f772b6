package io.roster.contract.event;

import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * In a visiting region: a product of another region (its home) was created here, or brought up to date, as region-sync
 * found a cross-region device of it (docs/multi-region.md). Same key, protocol, node type and (encrypted) product
 * secret as at home, and its verified CA certificates. A replicated product holds no activation codes here and takes
 * no commands here but its visitors' connections; everything else is done at home.
 *
 * @param homeSequence the sequence number, in the home region's product, of the last event this state reflects
 */
@Revision("1")
public record ProductReplicated(String productKey, String homeRegion, long homeSequence, String name,
                                Protocol protocol, NodeType nodeType, EncryptedSecret productSecret,
                                List<ReplicatedCaCertificate> caCertificates) implements ProductEvent {

    /** A CA certificate the home region verified. */
    public record ReplicatedCaCertificate(String caId, String certificatePem, String fingerprint) {
    }

    public ProductReplicated {
        caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
    }
}
