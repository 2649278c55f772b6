package io.roster.contract.readside.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of a read side (device-query, activation-ledger) under {@code roster.*}; each service's
 * application.yml holds defaults that run against the embedded stack, and every entry can be overridden by
 * environment variable.
 *
 * @param region the region (data center) this deployment serves
 */
@Validated
@ConfigurationProperties("roster")
public record ReadSideProperties(@NotBlank String region, @Valid @NotNull Kafka kafka, @Valid @NotNull Mongo mongo) {

    /**
     * @param consumerGroup  Kafka group id and offset-store name of the projection's consumer
     * @param maxPollRecords most events applied in one batch
     * @param sessionTimeout how long the group waits for a consumer that died before its partitions go to the
     *                       consumer that replaces it (docs/operations.md)
     */
    public record Kafka(@NotBlank String bootstrapServers, @NotBlank String topic, @NotBlank String consumerGroup,
                        @Min(1) @Max(10_000) int maxPollRecords, @NotNull Duration sessionTimeout) {
    }

    /** @param database the database that holds the read model and its stream offsets */
    public record Mongo(@NotBlank String database) {
    }
}
