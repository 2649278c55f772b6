package io.roster.query.adapter.out.mongo;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceStatus;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.query.domain.Device;
import io.roster.query.domain.Product;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/** Collection and field names of the device list read model, and how its documents map to the domain. */
final class DeviceListDocuments {

    static final String PRODUCTS = "products";
    static final String DEVICES = "devices";

    static final String ID = "_id";
    static final String LAST_SEQ = "lastSeq";

    static final String NAME = "name";
    static final String PROTOCOL = "protocol";
    static final String NODE_TYPE = "nodeType";
    static final String CODES_GRANTED = "codesGranted";
    static final String CODES_AVAILABLE = "codesAvailable";
    static final String CREATED_AT = "createdAt";
    static final String HOME_REGION = "homeRegion";
    static final String REPLICA = "replica";

    static final String PRODUCT_KEY = "productKey";
    static final String DEVICE_KEY = "deviceKey";
    static final String AUTH_TYPE = "authType";
    static final String STATUS = "status";
    static final String SN = "sn";
    static final String CROSS_REGION = "crossRegion";
    static final String CERTIFICATE_FINGERPRINT = "certificateFingerprint";
    static final String ADDED_AT = "addedAt";
    static final String ACTIVATED_AT = "activatedAt";
    static final String DELETED = "deleted";
    static final String DELETED_AT = "deletedAt";
    static final String HOME_ACTIVATED = "homeActivated";
    static final String CONNECTED = "connected";
    static final String CROSS_REGION_LISTED = "crossRegionListed";

    private DeviceListDocuments() {
    }

    static Product product(Document d) {
        return new Product(d.getString(ID), d.getString(NAME), enumOf(Protocol.class, d.getString(PROTOCOL)),
                enumOf(NodeType.class, d.getString(NODE_TYPE)), longOf(d, CODES_GRANTED), longOf(d, CODES_AVAILABLE),
                instant(d.getDate(CREATED_AT)), d.getString(HOME_REGION), d.getBoolean(REPLICA, false));
    }

    static Device device(Document d) {
        return new Device(d.getString(PRODUCT_KEY), d.getString(DEVICE_KEY), enumOf(AuthType.class, d.getString(AUTH_TYPE)),
                enumOf(DeviceStatus.class, d.getString(STATUS)), d.getString(SN), d.getBoolean(CROSS_REGION, false),
                d.getString(CERTIFICATE_FINGERPRINT), instant(d.getDate(ADDED_AT)), instant(d.getDate(ACTIVATED_AT)),
                d.getBoolean(DELETED, false), d.getString(HOME_REGION), d.getBoolean(REPLICA, false),
                d.getBoolean(HOME_ACTIVATED, false), d.getBoolean(CONNECTED, false),
                d.getBoolean(CROSS_REGION_LISTED, false));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static long longOf(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
