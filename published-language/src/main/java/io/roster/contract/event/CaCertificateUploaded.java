package io.roster.contract.event;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A CA certificate was uploaded for a product; devices can use it once its owner proved possession of
 * its key. The certificate and the verification code are public (the proof needs the CA's private key).
 */
@Revision("1")
public record CaCertificateUploaded(
        String productKey,
        String caId,
        String certificatePem,
        String subject,
        String fingerprint,
        Instant notAfter,
        String verificationCode) implements ProductEvent {
}
