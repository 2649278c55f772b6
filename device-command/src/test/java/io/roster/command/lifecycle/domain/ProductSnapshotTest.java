package io.roster.command.lifecycle.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.CaCertificateUploaded;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.ProductCreated;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The product's snapshot: its JSON shape and a lossless round trip through the serializer the service uses. */
class ProductSnapshotTest {

    private static final String PK = "pk1";
    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true))
            .build();

    private static Product productWithHistory() {
        Product product = new Product();
        product.on(new ProductCreated(PK, "Meter", Protocol.MQTT, NodeType.DIRECT, new EncryptedSecret("k1", "c2VjcmV0")));
        product.on(new ActivationCodesGranted(PK, 10, 10, 10));
        product.on(new DeviceAdded(PK, "dyn-1", AuthType.DYNAMIC, null, false, null, null, true, 9));
        product.on(new DeviceAdded(PK, "static-1", AuthType.STATIC, "sn", false, new EncryptedSecret("k1", "AAAA"),
                null, true, 8));
        product.on(new DeviceAdded(PK, "x509-1", AuthType.X509, null, false, null, "ab12", true, 7));
        product.on(new DeviceActivated(PK, "static-1", AuthType.STATIC, true));
        product.on(new DeviceAdded(PK, "gone", AuthType.DYNAMIC, null, false, null, null, true, 6));
        product.on(new DeviceActivated(PK, "gone", AuthType.DYNAMIC, true));
        product.on(new DeviceDeleted(PK, "gone", false, true, 6));
        product.on(new CaCertificateUploaded(PK, "ca-1", "PEM", "CN=ca", "cafp", Instant.parse("2030-01-01T00:00:00Z"),
                "code"));
        product.on(new FingerprintPinned(PK, "x509-1", "ab12"));
        return product;
    }

    @Test
    void deviceListIsAnArrayOfPositionalArraysWithNoDeviceKeyAsAFieldName() throws Exception {
        SerializedObject<String> snapshot = serializer.serialize(productWithHistory(), String.class);
        JsonNode json = new ObjectMapper().readTree(snapshot.getData());

        assertThat(snapshot.getType().getRevision()).isEqualTo(Product.SNAPSHOT_REVISION);
        assertThat(json.get("devices").isArray()).isTrue();
        assertThat(json.get("devices")).hasSize(3);
        assertThat(json.get("devices").findValuesAsText("static-1")).isEmpty();
        assertThat(snapshot.getData()).contains("[\"static-1\",\"STATIC\",true,true,true,null]");
        assertThat(json.get("activatedOnce")).hasSize(2);
    }

    @Test
    void roundTripKeepsEveryPartOfTheProduct() throws Exception {
        SerializedObject<String> first = serializer.serialize(productWithHistory(), String.class);
        Product restored = serializer.deserialize(first);
        SerializedObject<String> second = serializer.serialize(restored, String.class);

        assertThat(normalized(second.getData())).isEqualTo(normalized(first.getData()));
        assertThat(normalized(first.getData())).containsKeys("productKey", "protocol", "nodeType", "granted",
                "available", "devices", "activatedOnce", "caCertificates", "caFingerprints");
    }

    /** Each top-level field, arrays as sorted element lists: a hash map or set need not keep its order. */
    private static java.util.Map<String, Object> normalized(String json) throws Exception {
        java.util.Map<String, Object> fields = new java.util.TreeMap<>();
        new ObjectMapper().readTree(json).fields().forEachRemaining(field -> fields.put(field.getKey(),
                field.getValue().isArray()
                        ? java.util.stream.StreamSupport.stream(field.getValue().spliterator(), false)
                                .map(JsonNode::toString).sorted().toList()
                        : field.getValue().toString()));
        return fields;
    }
}
