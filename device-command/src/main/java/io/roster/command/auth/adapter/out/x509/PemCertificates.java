package io.roster.command.auth.adapter.out.x509;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.contract.Fingerprint;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads certificates from PEM text as gateways forward them and owners upload them. Any input — empty, huge,
 * garbage, truncated, another kind of PEM object, non-DER — ends in a typed refusal
 * ({@link DenyReason#CERTIFICATE_INVALID}), never in an exception.
 */
public final class PemCertificates {

    /** 64 KiB of text: a leaf with a few intermediates takes well under 10 KiB. */
    public static final int MAX_PEM_CHARS = 64 * 1024;
    public static final int MAX_CERTIFICATES = 8;
    private static final String CERTIFICATE = "CERTIFICATE";

    private PemCertificates() {
    }

    public static ParsedPem parse(String pem) {
        if (pem == null || pem.isBlank()) {
            return refused("no certificate");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            return refused("PEM longer than " + MAX_PEM_CHARS + " characters");
        }
        List<X509CertificateHolder> certificates = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                if (!CERTIFICATE.equals(object.getType())) {
                    return refused("PEM holds a " + object.getType() + ", only certificates are accepted");
                }
                if (certificates.size() == MAX_CERTIFICATES) {
                    return refused("more than " + MAX_CERTIFICATES + " certificates");
                }
                byte[] der = object.getContent();
                X509CertificateHolder certificate = new X509CertificateHolder(der);
                // One certificate, one fingerprint: refuse BER or other re-encodable forms of the same certificate.
                if (!Arrays.equals(der, certificate.toASN1Structure().getEncoded(ASN1Encoding.DER))) {
                    return refused("certificate is not DER-encoded");
                }
                certificates.add(certificate);
                fingerprints.add(Fingerprint.of(der).hex());
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // Bouncy Castle signals malformed input with IOExceptions and assorted runtime exceptions;
            // deeply nested ASN.1 can exhaust the stack. All mean the same thing here.
            return refused("not a parseable certificate");
        }
        if (certificates.isEmpty()) {
            return refused("no certificate");
        }
        return new ParsedPem(Verdict.allow(), certificates, fingerprints);
    }

    /** The PEM text of one certificate, as the platform stores and hands back CA certificates. */
    public static String encode(X509CertificateHolder certificate) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(CERTIFICATE, certificate.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("a parsed certificate failed to encode", e);
        }
        return out.toString();
    }

    private static ParsedPem refused(String detail) {
        return ParsedPem.refused(Verdict.deny(DenyReason.CERTIFICATE_INVALID, detail));
    }
}
