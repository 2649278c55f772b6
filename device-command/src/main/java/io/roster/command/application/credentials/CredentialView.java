package io.roster.command.application.credentials;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.Protocol;
import io.roster.contract.event.CaCertificateUploaded;
import io.roster.contract.event.CaCertificateVerified;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceSecretIssued;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.SecretReset;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.event.SecretsReEncrypted;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the command side needs to know about every device's credentials without a database round trip:
 * kept in memory, built from the whole history at start and then updated from every committed event,
 * whichever instance committed it (docs/architecture.md, "Credential view").
 *
 * <p>Every event of a product carries the product aggregate's sequence number, and a product's events are applied
 * strictly in that order: an event at or below the product's last applied sequence is ignored (the start-up
 * replay, this instance's own commits and the tail of the event store overlap safely), and an event further ahead
 * first has the events in between read from the product's {@link History}. However the feeds interleave, the
 * view of a product is always a prefix of its history.
 */
public final class CredentialView {

    /** A device's credentials. The secret stays encrypted here; decrypting is the caller's business. */
    public record DeviceCredential(String productKey, String deviceKey, AuthType authType, EncryptedSecret secret,
                                   String fingerprint, boolean activated, java.util.Set<String> revokedFingerprints) {

        public DeviceCredential(String productKey, String deviceKey, AuthType authType, EncryptedSecret secret,
                                String fingerprint, boolean activated) {
            this(productKey, deviceKey, authType, secret, fingerprint, activated, java.util.Set.of());
        }

        DeviceCredential withSecret(EncryptedSecret newSecret) {
            return new DeviceCredential(productKey, deviceKey, authType, newSecret, fingerprint, activated, revokedFingerprints);
        }

        DeviceCredential withFingerprint(String newFingerprint) {
            return new DeviceCredential(productKey, deviceKey, authType, secret, newFingerprint, activated, revokedFingerprints);
        }

        DeviceCredential revoking(String revoked) {
            java.util.Set<String> all = new java.util.HashSet<>(revokedFingerprints);
            if (revoked != null) {
                all.add(revoked);
            }
            return new DeviceCredential(productKey, deviceKey, authType, secret, null, activated, java.util.Set.copyOf(all));
        }

        DeviceCredential activated(boolean now) {
            return new DeviceCredential(productKey, deviceKey, authType, secret, fingerprint, now, revokedFingerprints);
        }
    }

    /** A CA certificate of a product; devices may chain to it once it is verified. */
    public record CaCertificate(String caId, String certificatePem, String fingerprint, String verificationCode,
                                boolean verified) {
    }

    /** A product's own credentials. */
    public record ProductCredential(String productKey, Protocol protocol, EncryptedSecret productSecret) {
    }

    /** A product's event with its sequence number. */
    public record Sequenced(long sequence, RosterEvent event) {
    }

    /** Reads a product's events from the event store. */
    @FunctionalInterface
    public interface History {
        /** The product's events with sequence numbers from {@code from} (inclusive) to {@code to} (exclusive), in order. */
        java.util.List<Sequenced> events(String productKey, long from, long to);

        /** No history: events must be applied in order (tests and tools). */
        History NONE = (productKey, from, to) -> java.util.List.of();
    }

    private static final class ProductState {
        volatile long lastSequence = -1;
        volatile ProductCredential product;
        final Map<String, DeviceCredential> devices = new ConcurrentHashMap<>();
        final Map<String, CaCertificate> cas = new ConcurrentHashMap<>();
        /** Devices deleted and not added again: refused as deleted rather than unknown. */
        final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();
    }

    private final Map<String, ProductState> products = new ConcurrentHashMap<>();
    private final History history;

    public CredentialView(History history) {
        this.history = history;
    }

    public CredentialView() {
        this(History.NONE);
    }

    /**
     * Applies a committed event of a product; events of its history before it that the view has not seen yet are
     * read and applied first.
     */
    public void apply(long sequence, RosterEvent event) {
        ProductState state = products.computeIfAbsent(event.productKey(), k -> new ProductState());
        synchronized (state) {
            if (sequence <= state.lastSequence) {
                return;
            }
            if (sequence > state.lastSequence + 1) {
                for (Sequenced missed : history.events(event.productKey(), state.lastSequence + 1, sequence)) {
                    applyNext(state, missed.sequence(), missed.event());
                }
            }
            applyNext(state, sequence, event);
        }
    }

    /**
     * Brings a product up to the head of its history, for a read that must reflect every commit on whichever
     * instance (the privileged secret read): one read of the product's events after the last one applied here.
     */
    public void catchUp(String productKey) {
        ProductState state = products.get(productKey);
        long last = state == null ? -1 : state.lastSequence;
        for (Sequenced missed : history.events(productKey, last + 1, Long.MAX_VALUE)) {
            apply(missed.sequence(), missed.event());
        }
    }

    public Optional<DeviceCredential> device(String productKey, String deviceKey) {
        ProductState state = products.get(productKey);
        return state == null ? Optional.empty() : Optional.ofNullable(state.devices.get(deviceKey));
    }

    /** Whether the device was in the list and was deleted (and not added again since). */
    public boolean wasDeleted(String productKey, String deviceKey) {
        ProductState state = products.get(productKey);
        return state != null && state.deleted.contains(deviceKey);
    }

    public Optional<ProductCredential> product(String productKey) {
        ProductState state = products.get(productKey);
        return state == null ? Optional.empty() : Optional.ofNullable(state.product);
    }

    public Optional<CaCertificate> caCertificate(String productKey, String caId) {
        ProductState state = products.get(productKey);
        return state == null ? Optional.empty() : Optional.ofNullable(state.cas.get(caId));
    }

    /** The product's CA certificates whose owner proved possession of the key. */
    public java.util.List<CaCertificate> verifiedCas(String productKey) {
        ProductState state = products.get(productKey);
        return state == null ? java.util.List.of()
                : state.cas.values().stream().filter(CaCertificate::verified).toList();
    }

    /**
     * The sequence number of the product's last event applied here, or -1 for an unknown product. Read it before
     * the credentials it covers: they reflect at least every event up to it.
     */
    public long sequence(String productKey) {
        ProductState state = products.get(productKey);
        return state == null ? -1 : state.lastSequence;
    }

    /** Every product's key, for jobs that walk all of them. */
    public Collection<String> productKeys() {
        return products.keySet();
    }

    /** The listed devices of a product. */
    public Collection<DeviceCredential> devices(String productKey) {
        ProductState state = products.get(productKey);
        return state == null ? java.util.List.of() : java.util.List.copyOf(state.devices.values());
    }

    /** Applies the product's next event; called holding the product's lock. */
    private static void applyNext(ProductState state, long sequence, RosterEvent event) {
        if (sequence != state.lastSequence + 1) {
            throw new IllegalStateException("event " + sequence + " of product " + event.productKey()
                    + " would follow event " + state.lastSequence + ": its history has a hole");
        }
        if (event instanceof ProductCreated e) {
            state.product = new ProductCredential(e.productKey(), e.protocol(), e.productSecret());
        } else if (event instanceof DeviceAdded e) {
            state.deleted.remove(e.deviceKey());
            state.devices.put(e.deviceKey(), new DeviceCredential(e.productKey(), e.deviceKey(), e.authType(),
                    e.deviceSecret(), e.certificateFingerprint(), false));
        } else if (event instanceof DeviceDeleted e) {
            state.devices.remove(e.deviceKey());
            state.deleted.add(e.deviceKey());
        } else if (event instanceof DeviceActivated e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.activated(true));
        } else if (event instanceof DeviceSecretIssued e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.withSecret(e.deviceSecret()));
        } else if (event instanceof SecretReset e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.withSecret(e.deviceSecret()));
        } else if (event instanceof FingerprintPinned e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.withFingerprint(e.certificateFingerprint()));
        } else if (event instanceof FingerprintReset e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.revoking(e.revokedFingerprint()));
        } else if (event instanceof CaCertificateUploaded e) {
            state.cas.put(e.caId(), new CaCertificate(e.caId(), e.certificatePem(), e.fingerprint(),
                    e.verificationCode(), false));
        } else if (event instanceof CaCertificateVerified e) {
            state.cas.computeIfPresent(e.caId(), (k, c) -> new CaCertificate(c.caId(), c.certificatePem(),
                    c.fingerprint(), c.verificationCode(), true));
        } else if (event instanceof SecretsReEncrypted e) {
            ProductCredential p = state.product;
            if (p != null && e.productSecret() != null) {
                state.product = new ProductCredential(p.productKey(), p.protocol(), e.productSecret());
            }
            e.deviceSecrets().forEach((deviceKey, secret) -> state.devices.computeIfPresent(deviceKey,
                    (k, d) -> d.withSecret(secret)));
        }
        state.lastSequence = sequence;
    }
}
