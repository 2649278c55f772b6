package io.roster.command.lifecycle.domain;

import io.roster.contract.event.DeviceEvent;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Device records in memory, folded from the events a test gives a product. */
final class FoldedDeviceRecords implements DeviceRecords {

    private final Map<String, DeviceRecord> records = new HashMap<>();

    /** Forgets everything, then folds these events (a product's history) into the records. */
    Object[] history(Object... events) {
        records.clear();
        for (Object event : events) {
            if (event instanceof DeviceEvent device) {
                records.put(device.deviceKey(),
                        records.getOrDefault(device.deviceKey(), DeviceRecord.NEVER_ADDED).after(device));
            }
        }
        return events;
    }

    @Override
    public Map<String, DeviceRecord> find(String productKey, long version, Collection<String> deviceKeys) {
        Map<String, DeviceRecord> found = new HashMap<>();
        deviceKeys.forEach(key -> found.put(key, records.getOrDefault(key, DeviceRecord.NEVER_ADDED)));
        return found;
    }
}
