package io.roster.command.lifecycle.adapter.out.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.roster.command.lifecycle.domain.DeviceEntry;
import io.roster.command.lifecycle.domain.Product;
import io.roster.contract.AuthType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a {@link Product} snapshot, as Jackson mix-ins, so that the domain carries no Jackson: registered
 * with the application's ObjectMapper, the one Axon's serializer writes and reads snapshots with.
 *
 * <p>A snapshot holds the aggregate's fields by name. Its device list is an array of positional arrays,
 * {@code [deviceKey, authType, codeHeld, activated, hasSecret, fingerprint]}, instead of an object keyed by
 * device key: a JSON parser canonicalises (and Jackson interns) every object field name, so a keyed object of a
 * hundred thousand devices filled the JVM's string table with device keys at each snapshot read; as values they
 * are plain strings, and the array is about half the size. A change to this shape is a new
 * {@link Product#SNAPSHOT_REVISION}.
 */
public final class ProductSnapshotJson extends SimpleModule {

    public ProductSnapshotJson() {
        super(ProductSnapshotJson.class.getSimpleName());
        setMixInAnnotation(Product.class, ProductMixIn.class);
    }

    /** The aggregate's fields, whatever their visibility, and none of its methods. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    private abstract static class ProductMixIn {

        @JsonSerialize(converter = DeviceListWriter.class)
        @JsonDeserialize(converter = DeviceListReader.class)
        private Map<String, DeviceEntry> devices;
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"deviceKey", "authType", "codeHeld", "activated", "hasSecret", "fingerprint"})
    record ListedDevice(String deviceKey, AuthType authType, boolean codeHeld, boolean activated, boolean hasSecret,
                        String fingerprint) {
    }

    static final class DeviceListWriter extends StdConverter<Map<String, DeviceEntry>, List<ListedDevice>> {
        @Override
        public List<ListedDevice> convert(Map<String, DeviceEntry> devices) {
            List<ListedDevice> listed = new ArrayList<>(devices.size());
            devices.forEach((key, d) -> listed.add(new ListedDevice(key, d.authType(), d.codeHeld(), d.activated(),
                    d.hasSecret(), d.fingerprint())));
            return listed;
        }
    }

    static final class DeviceListReader extends StdConverter<List<ListedDevice>, Map<String, DeviceEntry>> {
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
