package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record UploadCaCertificateCommand(@TargetAggregateIdentifier String productKey, String caId, String certificatePem, String subject, String fingerprint, java.time.Instant notAfter, String verificationCode) {
}
