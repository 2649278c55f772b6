package io.roster.command.lifecycle.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The device records of products, kept outside the product aggregate so that neither its state, nor its snapshot,
 * nor its load grows with its device list: a command reads the records of the device keys it is about, by key.
 * The records reflect every event of the product up to the version asked for (the product's, as loaded for the
 * command); an implementation brings them up to it first when they lag.
 */
public interface DeviceRecords {

    /** Each of these device keys' record, {@link DeviceRecord#NEVER_ADDED} for one never added. */
    Map<String, DeviceRecord> find(String productKey, long version, Collection<String> deviceKeys);

    default DeviceRecord find(String productKey, long version, String deviceKey) {
        return find(productKey, version, List.of(deviceKey)).get(deviceKey);
    }
}
