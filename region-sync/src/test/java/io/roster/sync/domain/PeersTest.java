package io.roster.sync.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeersTest {

    @Test
    void noPeersIsAnEmptyList() {
        assertThat(Peers.parse("", "region-1")).isEmpty();
        assertThat(Peers.parse(null, "region-1")).isEmpty();
        assertThat(Peers.parse(" , ", "region-1")).isEmpty();
    }

    @Test
    void eachItemNamesARegionAndItsBootstrap() {
        assertThat(Peers.parse("region-2=kafka-2:9092, region-3 = kafka-3:9092", "region-1")).containsExactly(
                new Peer("region-2", "kafka-2:9092"), new Peer("region-3", "kafka-3:9092"));
    }

    @Test
    void itemsWithoutARegionContinueTheBootstrapBeforeThem() {
        assertThat(Peers.parse("region-2=a:9092,b:9092,region-3=c:9092", "region-1")).containsExactly(
                new Peer("region-2", "a:9092,b:9092"), new Peer("region-3", "c:9092"));
    }

    @Test
    void malformedListsAreRefusedWithAReason() {
        assertThatThrownBy(() -> Peers.parse("kafka-2:9092", "region-1")).hasMessageContaining("names no region");
        assertThatThrownBy(() -> Peers.parse("region-2=", "region-1")).hasMessageContaining("Kafka bootstrap");
        assertThatThrownBy(() -> Peers.parse("=kafka:9092", "region-1")).hasMessageContaining("region name");
        assertThatThrownBy(() -> Peers.parse("region-2=a:1,region-2=b:1", "region-1")).hasMessageContaining("twice");
        assertThatThrownBy(() -> Peers.parse("region-1=a:1", "region-1")).hasMessageContaining("its own peer");
    }
}
