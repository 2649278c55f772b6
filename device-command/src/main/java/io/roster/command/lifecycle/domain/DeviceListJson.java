package io.roster.command.lifecycle.domain;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.roster.contract.AuthType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device list's shape in a product snapshot: an array of positional arrays,
 * {@code [deviceKey, authType, codeHeld, activated, hasSecret, fingerprint]}, instead of an object keyed
 * by device key. A JSON parser canonicalises (and Jackson interns) every object field name, so a keyed
 * object of a hundred thousand devices filled the JVM's string table with device keys at each snapshot
 * read; as values they are plain strings, and the array is about half the size.
 */
final class DeviceListJson {

    private DeviceListJson() {
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"deviceKey", "authType", "codeHeld", "activated", "hasSecret", "fingerprint"})
    record ListedDevice(String deviceKey, AuthType authType, boolean codeHeld, boolean activated, boolean hasSecret,
                        String fingerprint) {
    }

    static final class Writer extends StdConverter<Map<String, DeviceEntry>, List<ListedDevice>> {
        @Override
        public List<ListedDevice> convert(Map<String, DeviceEntry> devices) {
            List<ListedDevice> listed = new ArrayList<>(devices.size());
            devices.forEach((key, d) -> listed.add(new ListedDevice(key, d.authType(), d.codeHeld(), d.activated(),
                    d.hasSecret(), d.fingerprint())));
            return listed;
        }
    }

    static final class Reader extends StdConverter<List<ListedDevice>, Map<String, DeviceEntry>> {
        @Override
        public Map<String, DeviceEntry> convert(List<ListedDevice> listed) {
            Map<String, DeviceEntry> devices = new HashMap<>((int) (listed.size() / 0.75f) + 1);
            for (ListedDevice d : listed) {
                devices.put(d.deviceKey(), new DeviceEntry(d.authType(), d.codeHeld(), d.activated(), d.hasSecret(),
                        d.fingerprint()));
            }
            return devices;
        }
    }
}
