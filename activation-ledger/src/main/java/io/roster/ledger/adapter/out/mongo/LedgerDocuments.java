package io.roster.ledger.adapter.out.mongo;

import io.roster.contract.DeviceId;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.ChargedDevice;
import io.roster.ledger.domain.Codes;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerEntry;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/** Collection and field names of the ledger, and how its documents map to the domain and back. */
final class LedgerDocuments {

    static final String BALANCES = "balances";
    static final String ENTRIES = "entries";
    static final String CHARGED = "charged";

    static final String ID = "_id";
    static final String LAST_SEQ = "lastSeq";
    static final String GRANTED = "granted";
    static final String RESERVED = "reserved";
    static final String CONSUMED = "consumed";
    static final String REFUNDED = "refunded";
    static final String AVAILABLE = "available";
    static final String DRIFTS = "drifts";

    static final String KIND = "kind";
    static final String PRODUCT_KEY = "productKey";
    static final String DEVICE_KEY = "deviceKey";
    static final String COUNT = "count";
    static final String AT = "at";
    static final String SEQ = "seq";
    static final String SINCE = "since";
    static final String AFTER = "after";
    static final String ENTRY_ID = "entryId";

    private LedgerDocuments() {
    }

    static Document balance(Balance b) {
        return new Document(ID, b.productKey())
                .append(GRANTED, b.granted())
                .append(RESERVED, b.reserved())
                .append(CONSUMED, b.consumed())
                .append(REFUNDED, b.refunded())
                .append(AVAILABLE, b.available())
                .append(DRIFTS, b.drifts())
                .append(LAST_SEQ, b.lastSeq());
    }

    static Balance balance(Document d) {
        return new Balance(d.getString(ID), longOf(d, GRANTED), longOf(d, RESERVED), longOf(d, CONSUMED),
                longOf(d, REFUNDED), longOf(d, DRIFTS), longOf(d, LAST_SEQ));
    }

    static Document entry(LedgerEntry e) {
        return new Document(ID, e.eventId())
                .append(KIND, e.kind().name())
                .append(PRODUCT_KEY, e.productKey())
                .append(DEVICE_KEY, e.deviceKey())
                .append(COUNT, e.count())
                .append(AT, date(e.at()))
                .append(SEQ, e.seq())
                .append(AFTER, new Document(GRANTED, e.after().granted())
                        .append(RESERVED, e.after().reserved())
                        .append(CONSUMED, e.after().consumed())
                        .append(REFUNDED, e.after().refunded()));
    }

    static LedgerEntry entry(Document d) {
        return new LedgerEntry(d.getString(ID), EntryKind.valueOf(d.getString(KIND)), d.getString(PRODUCT_KEY),
                d.getString(DEVICE_KEY), longOf(d, COUNT), instant(d.getDate(AT)), longOf(d, SEQ), codes(d.get(AFTER, Document.class)));
    }

    private static Codes codes(Document after) {
        return after == null ? Codes.NONE
                : new Codes(longOf(after, GRANTED), longOf(after, RESERVED), longOf(after, CONSUMED), longOf(after, REFUNDED));
    }

    static String chargedId(String productKey, String deviceKey) {
        return new DeviceId(productKey, deviceKey).asString();
    }

    static ChargedDevice charged(Document d) {
        return new ChargedDevice(d.getString(PRODUCT_KEY), d.getString(DEVICE_KEY), instant(d.getDate(SINCE)),
                longOf(d, SEQ), d.getString(ENTRY_ID));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static long longOf(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
