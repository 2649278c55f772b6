package io.roster.command.lifecycle.adapter.out.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.command.lifecycle.domain.Product;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The product's snapshot JSON: a snapshot loads every part of the product and is written back the same way. */
class ProductSnapshotJsonTest {

    /** A revision 4 snapshot: codes and two CAs, one of them proved; no device list. */
    private static final String STORED = """
            {"productKey":"pk1","protocol":"MQTT","nodeType":"DIRECT","granted":10,"available":5,\
            "caCertificates":{"ca-1":false,"ca-2":true},"caFingerprints":["cafp","cafp2"]}""";

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
        assertThat(product).extracting("caCertificates").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsExactlyInAnyOrderEntriesOf(Map.of("ca-1", false, "ca-2", true));
        assertThat(product).extracting("caFingerprints").asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactlyInAnyOrder("cafp", "cafp2");
    }

    @Test
    void aProductShouldBeWrittenInTheSameShapeAndRevision() throws Exception {
        SerializedObject<String> written = serializer.serialize(stored(), String.class);

        assertThat(written.getType().getName()).isEqualTo(Product.class.getName());
        assertThat(written.getType().getRevision()).isEqualTo(Product.SNAPSHOT_REVISION).isEqualTo("4");
        assertThat(normalized(written.getData())).isEqualTo(normalized(STORED));
    }

    /** A revision 3 snapshot held the device list; the product no longer has one to put it in. */
    @Test
    void aSnapshotWithADeviceListShouldNotLoadAsTheCurrentRevision() {
        String revision3 = STORED.replace("\"available\":5,", "\"available\":5,\"devices\":[],\"activatedOnce\":[],");

        assertThatThrownBy(() -> serializer.deserialize(new SimpleSerializedObject<>(revision3, String.class,
                Product.class.getName(), Product.SNAPSHOT_REVISION))).rootCause().hasMessageContaining("\"devices\"");
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
