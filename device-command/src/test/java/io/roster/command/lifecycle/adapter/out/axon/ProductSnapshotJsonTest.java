package io.roster.command.lifecycle.adapter.out.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.command.lifecycle.domain.DeviceEntry;
import io.roster.command.lifecycle.domain.Product;
import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The product's snapshot JSON: snapshots already in event stores load, and a product is written the same way. */
class ProductSnapshotJsonTest {

    /**
     * A revision 3 snapshot as the service wrote it while the mapping was still annotations on the aggregate: a
     * static device that connected, a dynamic one that did not, a dynamic one registered after a delete, an X.509
     * device with its fingerprint, a deleted device that had consumed a code, and two CAs, one of them proved.
     */
    private static final String STORED = """
            {"productKey":"pk1","protocol":"MQTT","nodeType":"DIRECT","granted":10,"available":5,\
            "devices":[["static-1","STATIC",true,true,true,null],["dyn-1","DYNAMIC",true,false,false,null],\
            ["again","DYNAMIC",true,true,true,null],["x509-1","X509",true,false,false,"ab12"]],\
            "activatedOnce":["static-1","again","gone"],"caCertificates":{"ca-1":false,"ca-2":true},\
            "caFingerprints":["cafp","cafp2"]}""";

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .registerModule(new ProductSnapshotJson()))
            .build();

    private Product stored() {
        return serializer.deserialize(new SimpleSerializedObject<>(STORED, String.class, Product.class.getName(),
                Product.SNAPSHOT_REVISION));
    }

    @Test
    void aStoredSnapshotShouldLoadEveryPartOfTheProduct() {
        Product product = stored();

        assertThat(product).extracting("productKey", "protocol", "nodeType", "granted", "available")
                .containsExactly("pk1", Protocol.MQTT, NodeType.DIRECT, 10L, 5L);
        assertThat(product).extracting("devices").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "static-1", new DeviceEntry(AuthType.STATIC, true, true, true, null),
                        "dyn-1", new DeviceEntry(AuthType.DYNAMIC, true, false, false, null),
                        "again", new DeviceEntry(AuthType.DYNAMIC, true, true, true, null),
                        "x509-1", new DeviceEntry(AuthType.X509, true, false, false, "ab12")));
        assertThat(product).extracting("activatedOnce").asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactlyInAnyOrder("static-1", "again", "gone");
        assertThat(product).extracting("caCertificates").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsExactlyInAnyOrderEntriesOf(Map.of("ca-1", false, "ca-2", true));
        assertThat(product).extracting("caFingerprints").asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactlyInAnyOrder("cafp", "cafp2");
    }

    @Test
    void aProductShouldBeWrittenInTheSameShapeAndRevision() throws Exception {
        SerializedObject<String> written = serializer.serialize(stored(), String.class);

        assertThat(written.getType().getName()).isEqualTo(Product.class.getName());
        assertThat(written.getType().getRevision()).isEqualTo(Product.SNAPSHOT_REVISION);
        assertThat(normalized(written.getData())).isEqualTo(normalized(STORED));
    }

    @Test
    void deviceKeysShouldBeValuesNeverFieldNames() throws Exception {
        JsonNode devices = new ObjectMapper().readTree(serializer.serialize(stored(), String.class).getData())
                .get("devices");

        assertThat(devices.isArray()).isTrue();
        assertThat(devices).allSatisfy(device -> assertThat(device.isArray()).isTrue());
        assertThat(devices.findValuesAsText("static-1")).isEmpty();
    }

    /**
     * Each top-level field, arrays as sorted element lists: a hash map or set need not keep its order (objects
     * compare regardless of their fields' order).
     */
    private static Map<String, Object> normalized(String json) throws Exception {
        Map<String, Object> fields = new TreeMap<>();
        new ObjectMapper().readTree(json).fields().forEachRemaining(field -> fields.put(field.getKey(),
                field.getValue().isArray()
                        ? StreamSupport.stream(field.getValue().spliterator(), false).map(JsonNode::toString).sorted()
                                .toList()
                        : field.getValue()));
        return fields;
    }
}
