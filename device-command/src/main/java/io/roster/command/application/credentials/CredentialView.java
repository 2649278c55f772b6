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

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the command side needs to know about every device's credentials without a database round trip:
 * kept in memory, built from the whole history at start and then updated as each event commits, so a
 * reset or a deletion takes effect before the call that caused it returns.
 *
 * <p>Every event of a product carries the product aggregate's sequence number; an event at or below
 * the product's last applied sequence is ignored, so the start-up replay and the live updates can
 * overlap safely. Until {@link #markReplayed()} live events are queued, then applied in order.
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

    private record SequencedEvent(long sequence, RosterEvent event) {
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
    private final Queue<SequencedEvent> pending = new ArrayDeque<>();
    private boolean replayed;

    /** Applies an event from the start-up replay. */
    public void replay(long sequence, RosterEvent event) {
        apply(sequence, event);
    }

    /** Applies a live event, or queues it while the replay is still running. */
    public void live(long sequence, RosterEvent event) {
        synchronized (pending) {
            if (!replayed) {
                pending.add(new SequencedEvent(sequence, event));
                return;
            }
        }
        apply(sequence, event);
    }

    /** Ends the replay: queued live events are applied, later ones directly. */
    public void markReplayed() {
        synchronized (pending) {
            for (SequencedEvent e; (e = pending.poll()) != null; ) {
                apply(e.sequence(), e.event());
            }
            replayed = true;
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

    private void apply(long sequence, RosterEvent event) {
        ProductState state = products.computeIfAbsent(event.productKey(), k -> new ProductState());
        synchronized (state) {
            if (sequence <= state.lastSequence) {
                return;
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
}
