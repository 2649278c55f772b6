package io.roster.command.auth.support;

import io.roster.command.auth.adapter.out.x509.PemCertificates;
import io.roster.contract.Fingerprint;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away PKI made with Bouncy Castle: a CA (EC P-256 or RSA-2048), and what tests need from it —
 * verification certificates with a given CN, device certificates (valid, expired, not yet valid), intermediate
 * CAs, TLS server certificates, PEM and key stores. Validity is relative to the {@code now} it was made with, so
 * tests with a fixed clock get certificates that fit it. {@link Options} make the certificates the platform must
 * refuse: weak keys, weak signatures, path-length constraints, extra (critical) extensions.
 */
public final class TestPki {

    public enum KeyType { EC, RSA }

    /** A key pair to make: RSA or DSA of some size, EC on a named curve, or Ed25519 (one size: {@code bits} 0). */
    public record KeySpec(String algorithm, int bits, String curve) {

        public static KeySpec rsa(int bits) {
            return new KeySpec("RSA", bits, null);
        }

        public static KeySpec dsa(int bits) {
            return new KeySpec("DSA", bits, null);
        }

        public static KeySpec ed25519() {
            return new KeySpec("Ed25519", 0, null);
        }

        /** {@code curve} as Bouncy Castle names it: secp256r1, P-224, secp192r1, ... */
        public static KeySpec ec(String curve) {
            return new KeySpec("EC", 0, curve);
        }

        KeyPair generate() {
            try {
                if (curve != null) {
                    // Bouncy Castle knows the small curves the JDK no longer offers.
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
                    generator.initialize(new ECGenParameterSpec(curve), RANDOM);
                    return generator.generateKeyPair();
                }
                if (bits == 0) {
                    return KeyPairGenerator.getInstance(algorithm, BC).generateKeyPair();
                }
                KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
                generator.initialize(bits, RANDOM);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * How one certificate differs from the defaults: its own key ({@code null}: the PKI's key type), the issuer's
     * signature algorithm as JCA names it ({@code null}: SHA-256 with the issuer's key type), basicConstraints'
     * pathLenConstraint (CAs only; {@code null}: none), and extensions added after basicConstraints and keyUsage.
     */
    public record Options(KeySpec key, String signatureAlgorithm, Integer pathLen, List<Extension> extensions) {

        public Options {
            extensions = List.copyOf(extensions);
        }

        public static Options defaults() {
            return new Options(null, null, null, List.of());
        }

        public Options key(KeySpec spec) {
            return new Options(spec, signatureAlgorithm, pathLen, extensions);
        }

        public Options signedWith(String algorithm) {
            return new Options(key, algorithm, pathLen, extensions);
        }

        public Options pathLen(int length) {
            return new Options(key, signatureAlgorithm, length, extensions);
        }

        public Options extension(Extension extension) {
            List<Extension> more = new ArrayList<>(extensions);
            more.add(extension);
            return new Options(key, signatureAlgorithm, pathLen, more);
        }
    }

    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());
    private static final Duration LIFETIME = Duration.ofDays(365);

    private final KeyType keyType;
    private final Instant now;
    private final Issued ca;

    private TestPki(KeyType keyType, Instant now, Issued ca) {
        this.keyType = keyType;
        this.now = now;
        this.ca = ca;
    }

    /** A self-signed root CA named {@code CN=<name>}, valid from a day before {@code now} for a year. */
    public static TestPki rootCa(String name, KeyType keyType, Instant now) {
        return rootCa(name, keyType, Options.defaults(), now);
    }

    /** A self-signed root as {@code options} say; what it issues gets keys of {@code keyType} unless told otherwise. */
    public static TestPki rootCa(String name, KeyType keyType, Options options, Instant now) {
        KeyPair keys = options.key() == null ? generate(keyType) : options.key().generate();
        X500Name subject = new X500Name("CN=" + name + ",O=Roster Test");
        X509CertificateHolder certificate = build(subject, keys, subject, keys, now.minus(Duration.ofDays(1)),
                now.plus(LIFETIME), true, null, options);
        return new TestPki(keyType, now, new Issued(certificate, keys));
    }

    public static TestPki rootCa(String name) {
        return rootCa(name, KeyType.EC, Instant.now());
    }

    public Issued ca() {
        return ca;
    }

    public String caPem() {
        return ca.pem();
    }

    /** An intermediate CA issued by this one, as a PKI of its own that can issue devices. */
    public TestPki intermediate(String name) {
        return intermediate(name, Options.defaults());
    }

    public TestPki intermediate(String name, Options options) {
        KeyPair keys = keysFor(options);
        X509CertificateHolder certificate = build(new X500Name("CN=" + name + ",O=Roster Test"), keys,
                ca.certificate().getSubject(), ca.keys(), now.minus(Duration.ofDays(1)), now.plus(LIFETIME), true, null, options);
        return new TestPki(keyType, now, new Issued(certificate, keys));
    }

    /** The proof-of-possession certificate: subject CN = the verification code, signed by this CA. */
    public Issued verificationCertificate(String verificationCode) {
        return verificationCertificate(verificationCode, Options.defaults());
    }

    public Issued verificationCertificate(String verificationCode, Options options) {
        return leaf(verificationCode, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), options);
    }

    /** A device certificate valid around {@code now}. */
    public Issued device(String commonName) {
        return device(commonName, Options.defaults());
    }

    public Issued device(String commonName, Options options) {
        return leaf(commonName, now.minus(Duration.ofHours(1)), now.plus(LIFETIME), options);
    }

    public Issued expiredDevice(String commonName) {
        return leaf(commonName, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    public Issued notYetValidDevice(String commonName) {
        return leaf(commonName, now.plus(Duration.ofDays(1)), now.plus(LIFETIME));
    }

    /** A certificate with any validity period, signed by this CA. */
    public Issued leaf(String commonName, Instant notBefore, Instant notAfter) {
        return leaf(commonName, notBefore, notAfter, Options.defaults());
    }

    private Issued leaf(String commonName, Instant notBefore, Instant notAfter, Options options) {
        KeyPair keys = keysFor(options);
        X509CertificateHolder certificate = build(new X500Name("CN=" + commonName), keys, ca.certificate().getSubject(),
                ca.keys(), notBefore, notAfter, false, null, options);
        return new Issued(certificate, keys);
    }

    private KeyPair keysFor(Options options) {
        return options.key() == null ? generate(keyType) : options.key().generate();
    }

    /** A TLS server certificate for {@code localhost} / 127.0.0.1, signed by this CA. */
    public Issued tlsServer() {
        KeyPair keys = generate(keyType);
        GeneralNames names = new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        X509CertificateHolder certificate = build(new X500Name("CN=localhost"), keys, ca.certificate().getSubject(),
                ca.keys(), now.minus(Duration.ofHours(1)), now.plus(LIFETIME), false, names, Options.defaults());
        return new Issued(certificate, keys);
    }

    /** A trust store holding this CA. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca.x509());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and its key pair. */
    public record Issued(X509CertificateHolder certificate, KeyPair keys) {

        public String pem() {
            return PemCertificates.encode(certificate);
        }

        public String fingerprint() {
            try {
                return Fingerprint.of(certificate.getEncoded()).hex();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public X509Certificate x509() {
            try {
                return new JcaX509CertificateConverter().setProvider(BC).getCertificate(certificate);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public String privateKeyPem() {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(keys.getPrivate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        /** A PKCS#12 key store with this key and {@code chain} (this certificate first, then its issuers). */
        public KeyStore keyStore(char[] password, Issued... issuers) {
            try {
                Certificate[] chain = new Certificate[1 + issuers.length];
                chain[0] = x509();
                for (int i = 0; i < issuers.length; i++) {
                    chain[i + 1] = issuers[i].x509();
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("key", keys.getPrivate(), password, chain);
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static X509CertificateHolder build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                               Instant notBefore, Instant notAfter, boolean isCa, GeneralNames altNames,
                                               Options options) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true,
                    isCa && options.pathLen() != null ? new BasicConstraints(options.pathLen()) : new BasicConstraints(isCa));
            builder.addExtension(Extension.keyUsage, true, isCa
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            for (Extension extension : options.extensions()) {
                builder.addExtension(extension);
            }
            return builder.build(signer(issuerKeys, options.signatureAlgorithm()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ContentSigner signer(KeyPair keys, String signatureAlgorithm) {
        String algorithm = signatureAlgorithm != null ? signatureAlgorithm : switch (keys.getPrivate().getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519" -> "Ed25519";
            default -> "SHA256withRSA";
        };
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(BC).build(keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            if (type == KeyType.EC) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
