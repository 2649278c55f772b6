package io.roster.sync;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of region-sync under {@code roster.*}; application.yml holds defaults that run against the
 * embedded stack, and every entry can be overridden by environment variable.
 *
 * @param region the region (data center) this deployment serves
 * @param peers  the other regions as {@code regionName=kafkaBootstrap} separated by commas (a bootstrap
 *               list may itself hold several comma-separated brokers); empty for none
 */
@Validated
@ConfigurationProperties("roster")
public record RosterProperties(@NotBlank String region, String peers, @Valid @NotNull Kafka kafka,
                               @Valid @NotNull Mongo mongo) {

    /** This region's own Kafka and event topic. */
    public record Kafka(@NotBlank String bootstrapServers, @NotBlank String topic) {
    }

    /** @param database the database that holds region-sync's state */
    public record Mongo(@NotBlank String database) {
    }
}
