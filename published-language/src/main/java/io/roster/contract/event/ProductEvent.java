package io.roster.contract.event;

/** An event about a product as a whole. */
public sealed interface ProductEvent extends RosterEvent permits ProductCreated, ActivationCodesGranted, SecretsReEncrypted,
        CaCertificateUploaded, CaCertificateVerified, ProductReplicated {
}
