package io.roster.bench;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A made-up history of {@code products} products, {@code events} events in all, that follows device-command's rules
 * (docs/events.md), for the ledger-rebuild benchmark to write to the topic. The same arguments make the same
 * history, event ids included.
 *
 * <p>Each product's events have sequence numbers 0, 1, 2, ... without gaps: {@code ProductCreated}, then
 * {@code ActivationCodesGranted} for as many codes as the product has events left (at most {@link #MAX_GRANT};
 * another grant comes whenever the codes run out), then its devices ({@code dev-0}, {@code dev-1}, ..., dynamic,
 * not cross-region), each in one of five lives, by its number modulo 10:
 * <ul>
 *   <li>0–3: added, activated (a code reserved, then consumed);</li>
 *   <li>4–5: added, deleted (reserved, then refunded);</li>
 *   <li>6: added, activated, deleted, added again free of charge, activated again without a code;</li>
 *   <li>7: added, activated, deleted (consumed; the delete refunds nothing);</li>
 *   <li>8–9: added (the code stays reserved).</li>
 * </ul>
 * Every {@code available}, {@code grantedTotal}, {@code codeCharged}, {@code codeConsumed}, {@code refunded} and
 * {@code wasActivated} is what device-command would have stated. A product's events end where its share of
 * {@code events} ends, possibly in the middle of a device's life: every prefix of a valid history is valid.
 *
 * <p>The products' events are interleaved on the topic as concurrent traffic would be: the first event of every
 * product, then the second of every product, and so on. Product keys are the run id followed by the product's number
 * in base 62, 11 letters and digits in all, so that runs with different ids never share a product.
 */
public final class SyntheticHistory {

    /** The most codes one grant may carry (device-command's limit). */
    public static final int MAX_GRANT = 1_000_000;
    /** How many characters a product key has (ProductCreated's rule). */
    static final int PRODUCT_KEY_LENGTH = 11;
    /** The key id of the made-up product secrets: no key-encryption key of that name exists. */
    static final String SECRET_KEY_ID = "bench-none";
    /** base64 of 60 bytes (iv, a 32-byte secret, tag), the size of a real product secret; it decrypts under no key. */
    private static final String SECRET_CIPHER = java.util.Base64.getEncoder().encodeToString(new byte[60]);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9]{1,8}");

    /**
     * One event of the history with what places it on the topic.
     *
     * @param productKey the product, which is also the aggregate
     * @param seq        its place in the product's history, from 0
     * @param eventId    a name-based UUID of the product key and the sequence number
     */
    public record Event(String productKey, long seq, Instant timestamp, String eventId, RosterEvent event) {

        /** The event's envelope, as device-command's publisher wraps it. */
        public EventEnvelope envelope(EventCodec codec, String region) {
            return codec.envelope(eventId, productKey, seq, timestamp, region, event);
        }
    }

    /**
     * What the ledger holds for one product once it applied the whole history ({@code available = granted -
     * reserved - consumed}).
     *
     * @param events the product's events, {@code lastSeq + 1}
     */
    public record Totals(String productKey, long events, long granted, long reserved, long consumed, long refunded) {

        public long available() {
            return granted - reserved - consumed;
        }
    }

    private enum Step { ADD, ACTIVATE, DELETE }

    private static final Step[][] LIVES = {
            {Step.ADD, Step.ACTIVATE},
            {Step.ADD, Step.ACTIVATE},
            {Step.ADD, Step.ACTIVATE},
            {Step.ADD, Step.ACTIVATE},
            {Step.ADD, Step.DELETE},
            {Step.ADD, Step.DELETE},
            {Step.ADD, Step.ACTIVATE, Step.DELETE, Step.ADD, Step.ACTIVATE},
            {Step.ADD, Step.ACTIVATE, Step.DELETE},
            {Step.ADD},
            {Step.ADD}};

    private final String runId;
    private final int products;
    private final long events;
    private final Instant start;
    private final int maxGrant;

    /**
     * @param runId    1–8 letters or digits, the start of every product key
     * @param products how many products share the events
     * @param events   how many events in all, at least two per product (its creation and its first grant)
     * @param start    the first event's timestamp; each further event is a microsecond later
     * @throws IllegalArgumentException when the arguments make no such history
     */
    public SyntheticHistory(String runId, int products, long events, Instant start) {
        this(runId, products, events, start, MAX_GRANT);
    }

    /** As the public constructor, with grants of at most {@code maxGrant} codes (tests make the codes run out). */
    SyntheticHistory(String runId, int products, long events, Instant start, int maxGrant) {
        check(runId, products, events);
        if (maxGrant < 1 || maxGrant > MAX_GRANT) {
            throw new IllegalArgumentException("a grant carries 1 to " + MAX_GRANT + " codes");
        }
        this.runId = runId;
        this.products = products;
        this.events = events;
        this.start = start;
        this.maxGrant = maxGrant;
    }

    /**
     * Why {@code runId}, {@code products} and {@code events} make no history, or null when they make one.
     */
    static String problem(String runId, int products, long events) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            return "the run id must be 1-8 letters or digits";
        }
        if (products < 1) {
            return "at least one product";
        }
        if (Math.pow(BASE62.length(), PRODUCT_KEY_LENGTH - runId.length()) < products) {
            return "a run id of " + runId.length() + " characters leaves too few product keys for " + products
                    + " products";
        }
        if (events < 2L * products) {
            return "at least two events per product (its creation and its first grant): " + 2L * products;
        }
        return null;
    }

    /** The key of product {@code index} (from 0) of the run {@code runId}. */
    static String productKey(String runId, int index) {
        int width = PRODUCT_KEY_LENGTH - runId.length();
        char[] digits = new char[width];
        long n = index;
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (n % BASE62.length()));
            n /= BASE62.length();
        }
        return runId + new String(digits);
    }

    public long size() {
        return events;
    }

    public int products() {
        return products;
    }

    /** How many events product {@code index} has: an equal share, the first {@code events % products} one more. */
    long share(int index) {
        return events / products + (index < events % products ? 1 : 0);
    }

    /**
     * Hands every event to {@code sink}, in topic order, and returns each product's totals after them all, in
     * product order. Keeps one small state per product, so a history of millions of events is never held in memory.
     */
    public List<Totals> generate(Consumer<Event> sink) {
        List<ProductStream> streams = new ArrayList<>(products);
        for (int p = 0; p < products; p++) {
            streams.add(new ProductStream(productKey(runId, p), runId, p, share(p), maxGrant));
        }
        long rounds = share(0);
        long index = 0;
        for (long round = 0; round < rounds; round++) {
            for (ProductStream stream : streams) {
                if (round < stream.share) {
                    sink.accept(stream.next(start.plusNanos(index * 1_000)));
                    index++;
                }
            }
        }
        return streams.stream().map(ProductStream::totals).toList();
    }

    /** Each product's totals after the whole history, without handing the events to anyone. */
    public List<Totals> totals() {
        return generate(event -> { });
    }

    private static void check(String runId, int products, long events) {
        String problem = problem(runId, products, events);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** One product's history, one event at a time. */
    private static final class ProductStream {
        private final String productKey;
        private final String name;
        private final long share;
        private final int maxGrant;
        private long seq;
        private long granted;
        private long reserved;
        private long consumed;
        private long refunded;
        private long device;
        private int step;
        /** The current device holds a reserved code. */
        private boolean holdsCode;
        private boolean active;
        private boolean everActivated;

        ProductStream(String productKey, String runId, int index, long share, int maxGrant) {
            this.productKey = productKey;
            this.name = "bench ledger " + runId + " " + index;
            this.share = share;
            this.maxGrant = maxGrant;
        }

        Event next(Instant at) {
            if (seq == 0) {
                return event(at, new ProductCreated(productKey, name, Protocol.MQTT, NodeType.DIRECT,
                        new EncryptedSecret(SECRET_KEY_ID, SECRET_CIPHER)));
            }
            Step[] life = LIVES[(int) (device % LIVES.length)];
            Step next = life[step];
            boolean charges = next == Step.ADD && !everActivated;
            if (seq == 1 || (charges && available() == 0)) {
                // the events left after this one bound the codes they can take
                int count = (int) Math.max(1, Math.min(maxGrant, share - seq - 1));
                granted += count;
                return event(at, new ActivationCodesGranted(productKey, count, granted, available()));
            }
            String deviceKey = "dev-" + device;
            RosterEvent event = switch (next) {
                case ADD -> {
                    if (charges) {
                        reserved++;
                    }
                    holdsCode = charges;
                    active = false;
                    yield new DeviceAdded(productKey, deviceKey, AuthType.DYNAMIC, null, false, null, null, charges,
                            available());
                }
                case ACTIVATE -> {
                    boolean consumes = holdsCode && !active;
                    if (consumes) {
                        reserved--;
                        consumed++;
                        holdsCode = false;
                    }
                    active = true;
                    everActivated = true;
                    yield new DeviceActivated(productKey, deviceKey, AuthType.DYNAMIC, consumes);
                }
                case DELETE -> {
                    boolean refunds = holdsCode && !active;
                    if (refunds) {
                        reserved--;
                        refunded++;
                    }
                    holdsCode = false;
                    active = false;
                    yield new DeviceDeleted(productKey, deviceKey, refunds, everActivated, available());
                }
            };
            if (++step == life.length) {
                device++;
                step = 0;
                holdsCode = false;
                active = false;
                everActivated = false;
            }
            return event(at, event);
        }

        private long available() {
            return granted - reserved - consumed;
        }

        private Event event(Instant at, RosterEvent event) {
            long sequence = seq++;
            String id = UUID.nameUUIDFromBytes((productKey + "/" + sequence).getBytes(StandardCharsets.UTF_8)).toString();
            return new Event(productKey, sequence, at, id, event);
        }

        Totals totals() {
            return new Totals(productKey, seq, granted, reserved, consumed, refunded);
        }
    }
}
