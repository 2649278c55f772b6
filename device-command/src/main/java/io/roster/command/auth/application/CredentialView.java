package io.roster.command.auth.application;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.Protocol;
import io.roster.contract.event.CaCertificateUploaded;
import io.roster.contract.event.CaCertificateVerified;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.DeviceSecretIssued;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.event.SecretReset;
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
        /** The one copy of the product's key that every credential of the product refers to. */
        final String productKey;
        volatile long lastSequence = -1;
        volatile ProductCredential product;
        final Map<String, Entry> devices = new ConcurrentHashMap<>();
        final Map<String, CaCertificate> cas = new ConcurrentHashMap<>();
        /** Devices deleted and not added again: refused as deleted rather than unknown. */
        final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();

        ProductState(String productKey) {
            this.productKey = productKey;
        }
    }

    /**
     * A device as the view keeps it, ~215 bytes for a static device instead of ~400 as a {@link DeviceCredential} with
     * the strings of its event: the ciphertext as bytes rather than base64 text, no product key, and the
     * key-encryption key's id shared (docs/benchmarks.md, "Cold start"). Immutable; a change replaces it.
     */
    private static final class Entry {
        final String deviceKey;
        final AuthType authType;
        /** The secret's key id (the view's one copy of it) and ciphertext, or both null. */
        final String keyId;
        final byte[] cipher;
        /** Whether {@link #cipher} holds the base64 text itself, for a ciphertext that would not decode back to it. */
        final boolean cipherIsText;
        final String fingerprint;
        final boolean activated;
        final java.util.Set<String> revokedFingerprints;

        private Entry(String deviceKey, AuthType authType, String keyId, byte[] cipher, boolean cipherIsText,
                      String fingerprint, boolean activated, java.util.Set<String> revokedFingerprints) {
            this.deviceKey = deviceKey;
            this.authType = authType;
            this.keyId = keyId;
            this.cipher = cipher;
            this.cipherIsText = cipherIsText;
            this.fingerprint = fingerprint;
            this.activated = activated;
            this.revokedFingerprints = revokedFingerprints;
        }

        static Entry of(String deviceKey, AuthType authType, EncryptedSecret secret, String sharedKeyId, String fingerprint) {
            return new Entry(deviceKey, authType, null, null, false, fingerprint, false, java.util.Set.of())
                    .withSecret(secret, sharedKeyId);
        }

        Entry withSecret(EncryptedSecret secret, String sharedKeyId) {
            if (secret == null) {
                return new Entry(deviceKey, authType, null, null, false, fingerprint, activated, revokedFingerprints);
            }
            byte[] decoded = decode(secret.cipher());
            boolean text = decoded == null;
            return new Entry(deviceKey, authType, sharedKeyId,
                    text ? secret.cipher().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : decoded, text,
                    fingerprint, activated, revokedFingerprints);
        }

        Entry withFingerprint(String newFingerprint) {
            return new Entry(deviceKey, authType, keyId, cipher, cipherIsText, newFingerprint, activated, revokedFingerprints);
        }

        Entry revoking(String revoked) {
            java.util.Set<String> all = new java.util.HashSet<>(revokedFingerprints);
            if (revoked != null) {
                all.add(revoked);
            }
            return new Entry(deviceKey, authType, keyId, cipher, cipherIsText, null, activated, java.util.Set.copyOf(all));
        }

        Entry activated() {
            return new Entry(deviceKey, authType, keyId, cipher, cipherIsText, fingerprint, true, revokedFingerprints);
        }

        DeviceCredential credential(String productKey) {
            EncryptedSecret secret = cipher == null ? null : new EncryptedSecret(keyId, cipherIsText
                    ? new String(cipher, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : java.util.Base64.getEncoder().encodeToString(cipher));
            return new DeviceCredential(productKey, deviceKey, authType, secret, fingerprint, activated, revokedFingerprints);
        }

        /** The bytes of base64 text that encodes back to exactly the same text, else null. */
        private static byte[] decode(String base64) {
            try {
                byte[] bytes = java.util.Base64.getDecoder().decode(base64);
                return java.util.Base64.getEncoder().encodeToString(bytes).equals(base64) ? bytes : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private final Map<String, ProductState> products = new ConcurrentHashMap<>();
    /**
     * One copy of each key-encryption key's id. Every event arrives with strings of its own, and a million devices'
     * copies of the same few ids and product keys would take a third of the view's memory (docs/benchmarks.md,
     * "Cold start").
     */
    private final Map<String, String> keyIds = new ConcurrentHashMap<>();
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
        ProductState state = products.computeIfAbsent(event.productKey(), ProductState::new);
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

    /** How many devices the view holds, listed or deleted: what a snapshot of it writes. */
    public long entries() {
        long entries = 0;
        for (ProductState state : products.values()) {
            entries += state.devices.size() + state.deleted.size();
        }
        return entries;
    }

    public Optional<DeviceCredential> device(String productKey, String deviceKey) {
        ProductState state = products.get(productKey);
        Entry entry = state == null ? null : state.devices.get(deviceKey);
        return entry == null ? Optional.empty() : Optional.of(entry.credential(state.productKey));
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
        return state == null ? java.util.List.of()
                : state.devices.values().stream().map(entry -> entry.credential(state.productKey)).toList();
    }

    /**
     * Writes the whole view in a compact binary form that {@link #readSnapshot} reads back, for an instance to start
     * from instead of replaying the whole event store (docs/architecture.md, "Connection authentication"). Each
     * product is written holding its lock, so each is a prefix of its history: everything applied before the call
     * is in it, and perhaps some later events, which a replay from an earlier position skips as already applied.
     */
    public void writeSnapshot(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(SNAPSHOT_FORMAT);
        java.util.List<ProductState> states = java.util.List.copyOf(products.values());
        out.writeInt(states.size());
        for (ProductState state : states) {
            synchronized (state) {
                out.writeUTF(state.productKey);
                out.writeLong(state.lastSequence);
                ProductCredential product = state.product;
                out.writeBoolean(product != null);
                if (product != null) {
                    out.writeUTF(product.protocol().name());
                    writeSecret(out, product.productSecret());
                }
                out.writeInt(state.cas.size());
                for (CaCertificate ca : state.cas.values()) {
                    out.writeUTF(ca.caId());
                    writeLongString(out, ca.certificatePem());
                    writeNullable(out, ca.fingerprint());
                    writeNullable(out, ca.verificationCode());
                    out.writeBoolean(ca.verified());
                }
                out.writeInt(state.deleted.size());
                for (String deviceKey : state.deleted) {
                    out.writeUTF(deviceKey);
                }
                out.writeInt(state.devices.size());
                for (Entry entry : state.devices.values()) {
                    out.writeUTF(entry.deviceKey);
                    out.writeByte(entry.authType.ordinal());
                    writeNullable(out, entry.keyId);
                    out.writeBoolean(entry.cipherIsText);
                    out.writeShort(entry.cipher == null ? -1 : entry.cipher.length);
                    if (entry.cipher != null) {
                        out.write(entry.cipher);
                    }
                    writeNullable(out, entry.fingerprint);
                    out.writeBoolean(entry.activated);
                    out.writeShort(entry.revokedFingerprints.size());
                    for (String revoked : entry.revokedFingerprints) {
                        out.writeUTF(revoked);
                    }
                }
            }
        }
    }

    /**
     * Reads a snapshot of {@link #writeSnapshot} into this view, which must be empty; returns the devices read. A
     * snapshot that cannot be read leaves the view empty.
     */
    public long readSnapshot(java.io.DataInput in) throws java.io.IOException {
        if (!products.isEmpty()) {
            throw new IllegalStateException("a snapshot is read into an empty view only");
        }
        int format = in.readInt();
        if (format != SNAPSHOT_FORMAT) {
            throw new java.io.IOException("snapshot format " + format + ", not " + SNAPSHOT_FORMAT);
        }
        try {
            return readProducts(in);
        } catch (java.io.IOException | RuntimeException e) {
            products.clear();
            throw e;
        }
    }

    private long readProducts(java.io.DataInput in) throws java.io.IOException {
        AuthType[] authTypes = AuthType.values();
        long devices = 0;
        for (int p = in.readInt(); p > 0; p--) {
            ProductState state = new ProductState(in.readUTF());
            state.lastSequence = in.readLong();
            if (in.readBoolean()) {
                Protocol protocol = Protocol.valueOf(in.readUTF());
                state.product = new ProductCredential(state.productKey, protocol, readSecret(in));
            }
            for (int c = in.readInt(); c > 0; c--) {
                CaCertificate ca = new CaCertificate(in.readUTF(), readLongString(in), readNullable(in), readNullable(in),
                        in.readBoolean());
                state.cas.put(ca.caId(), ca);
            }
            for (int d = in.readInt(); d > 0; d--) {
                state.deleted.add(in.readUTF());
            }
            for (int d = in.readInt(); d > 0; d--) {
                String deviceKey = in.readUTF();
                AuthType authType = authTypes[in.readByte()];
                String keyId = readNullable(in);
                boolean cipherIsText = in.readBoolean();
                int length = in.readShort();
                byte[] cipher = null;
                if (length >= 0) {
                    cipher = new byte[length];
                    in.readFully(cipher);
                }
                String fingerprint = readNullable(in);
                boolean activated = in.readBoolean();
                int revokedCount = in.readShort();
                java.util.Set<String> revoked = java.util.Set.of();
                if (revokedCount > 0) {
                    String[] all = new String[revokedCount];
                    for (int r = 0; r < revokedCount; r++) {
                        all[r] = in.readUTF();
                    }
                    revoked = java.util.Set.of(all);
                }
                state.devices.put(deviceKey, new Entry(deviceKey, authType, keyId == null ? null : keyIds.computeIfAbsent(keyId, k -> k),
                        cipher, cipherIsText, fingerprint, activated, revoked));
                devices++;
            }
            products.put(state.productKey, state);
        }
        return devices;
    }

    private static final int SNAPSHOT_FORMAT = 1;

    private static void writeSecret(java.io.DataOutput out, EncryptedSecret secret) throws java.io.IOException {
        out.writeBoolean(secret != null);
        if (secret != null) {
            out.writeUTF(secret.keyId());
            out.writeUTF(secret.cipher());
        }
    }

    private EncryptedSecret readSecret(java.io.DataInput in) throws java.io.IOException {
        return in.readBoolean() ? new EncryptedSecret(keyIds.computeIfAbsent(in.readUTF(), k -> k), in.readUTF()) : null;
    }

    private static void writeNullable(java.io.DataOutput out, String value) throws java.io.IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(java.io.DataInput in) throws java.io.IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** A string of any length (writeUTF takes at most 65,535 bytes; a certificate chain may be longer). */
    private static void writeLongString(java.io.DataOutput out, String value) throws java.io.IOException {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLongString(java.io.DataInput in) throws java.io.IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Applies the product's next event; called holding the product's lock. */
    private void applyNext(ProductState state, long sequence, RosterEvent event) {
        if (sequence != state.lastSequence + 1) {
            throw new IllegalStateException("event " + sequence + " of product " + event.productKey()
                    + " would follow event " + state.lastSequence + ": its history has a hole");
        }
        if (event instanceof ProductCreated e) {
            state.product = new ProductCredential(state.productKey, e.protocol(), shared(e.productSecret()));
        } else if (event instanceof DeviceAdded e) {
            state.deleted.remove(e.deviceKey());
            state.devices.put(e.deviceKey(), Entry.of(e.deviceKey(), e.authType(), e.deviceSecret(),
                    keyId(e.deviceSecret()), e.certificateFingerprint()));
        } else if (event instanceof DeviceDeleted e) {
            state.devices.remove(e.deviceKey());
            state.deleted.add(e.deviceKey());
        } else if (event instanceof DeviceActivated e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.activated());
        } else if (event instanceof DeviceSecretIssued e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.withSecret(e.deviceSecret(), keyId(e.deviceSecret())));
        } else if (event instanceof SecretReset e) {
            state.devices.computeIfPresent(e.deviceKey(), (k, d) -> d.withSecret(e.deviceSecret(), keyId(e.deviceSecret())));
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
                state.product = new ProductCredential(p.productKey(), p.protocol(), shared(e.productSecret()));
            }
            e.deviceSecrets().forEach((deviceKey, secret) -> state.devices.computeIfPresent(deviceKey,
                    (k, d) -> d.withSecret(secret, keyId(secret))));
        }
        state.lastSequence = sequence;
    }

    /** The secret with the view's one copy of its key id. */
    private EncryptedSecret shared(EncryptedSecret secret) {
        if (secret == null) {
            return null;
        }
        String keyId = keyId(secret);
        return keyId == secret.keyId() ? secret : new EncryptedSecret(keyId, secret.cipher());
    }

    /** The view's one copy of the secret's key id, or null without a secret. */
    private String keyId(EncryptedSecret secret) {
        return secret == null ? null : keyIds.computeIfAbsent(secret.keyId(), k -> k);
    }
}
