package io.roster.sync.domain;

/** Another region, reached through its Kafka cluster. */
public record Peer(String region, String bootstrapServers) {
}
