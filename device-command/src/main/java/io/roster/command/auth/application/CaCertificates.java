package io.roster.command.auth.application;

import io.roster.command.auth.Verdict;
import io.roster.command.auth.application.CredentialView.CaCertificate;
import io.roster.command.auth.application.CertificateChecks.CaUpload;
import io.roster.command.lifecycle.domain.UnknownCaException;
import io.roster.command.lifecycle.domain.UnknownProductException;
import io.roster.command.lifecycle.domain.UploadCaCertificateCommand;
import io.roster.command.lifecycle.domain.VerifyCaCertificateCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A product's CA certificates: upload, then proof of possession (a certificate whose CN is the
 * verification code, signed by the CA's key) before devices may chain to it.
 */
public class CaCertificates {

    /** A certificate the checks refused, with the machine-readable reason. */
    public static final class RejectedCertificateException extends RuntimeException {
        private final String code;

        public RejectedCertificateException(Verdict verdict) {
            super(verdict.detail().orElse("the certificate was refused"), null, false, false);
            this.code = verdict.reason().map(Enum::name).orElse("CERTIFICATE_INVALID");
        }

        public String code() {
            return code;
        }
    }

    public record Uploaded(String caId, String verificationCode, String status) {
    }

    private final CertificateChecks checks;
    private final CredentialView view;
    private final CommandGateway commands;
    private final SecureRandom random;

    public CaCertificates(CertificateChecks checks, CredentialView view, CommandGateway commands, SecureRandom random) {
        this.checks = checks;
        this.view = view;
        this.commands = commands;
        this.random = random;
    }

    public Uploaded upload(String productKey, String pem) {
        CaUpload check = checks.checkCaUpload(pem);
        if (!check.ok()) {
            throw new RejectedCertificateException(check.verdict());
        }
        String caId = "ca-" + hex(6);
        String code = hex(16);
        try {
            commands.sendAndWait(new UploadCaCertificateCommand(productKey, caId, check.certificatePem(),
                    check.subject(), check.fingerprint().hex(), check.notAfter(), code));
        } catch (AggregateNotFoundException e) {
            throw new UnknownProductException(productKey);
        }
        return new Uploaded(caId, code, "UNVERIFIED");
    }

    public void verify(String productKey, String caId, String verificationPem) {
        view.catchUp(productKey);
        if (view.product(productKey).isEmpty()) {
            throw new UnknownProductException(productKey);
        }
        CaCertificate ca = view.caCertificate(productKey, caId).orElseThrow(() -> new UnknownCaException(productKey, caId));
        if (!ca.verified()) {
            Verdict proof = checks.checkProofOfPossession(ca.certificatePem(), ca.verificationCode(), verificationPem);
            if (!proof.allowed()) {
                throw new RejectedCertificateException(proof);
            }
        }
        commands.sendAndWait(new VerifyCaCertificateCommand(productKey, caId));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
