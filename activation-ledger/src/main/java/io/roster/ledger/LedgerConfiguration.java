package io.roster.ledger;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.contract.readside.ProjectionDigest.Digest;
import io.roster.contract.readside.config.ReadSideConfiguration;
import io.roster.contract.readside.stream.EventStreamLifecycle;
import io.roster.ledger.adapter.out.command.HttpCommandSideCodes;
import io.roster.ledger.adapter.out.mongo.MongoLedgerProjection;
import io.roster.ledger.adapter.out.mongo.MongoLedgerReadModel;
import io.roster.ledger.application.LedgerDigest;
import io.roster.ledger.application.LedgerQueries;
import io.roster.ledger.application.reconciliation.Reconciliation;
import io.roster.ledger.application.reconciliation.ReconciliationMonitor;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wires the hexagon: Mongo adapters behind the application's ports; the consumer feeding the ledger,
 * the health, the admin and the access rules come from the read-side kit ({@link ReadSideConfiguration});
 * the reconciliation with device-command when its URL is set.
 */
@Configuration(proxyBeanMethods = false)
@Import(ReadSideConfiguration.class)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LedgerConfiguration.class);

    @Bean
    MongoLedgerProjection ledgerProjection(MongoDatabase readModelDatabase, MeterRegistry meters) {
        MongoLedgerProjection projection = new MongoLedgerProjection(readModelDatabase, meters);
        projection.createIndexes();
        return projection;
    }

    @Bean
    MongoLedgerReadModel ledgerReadModel(MongoDatabase readModelDatabase) {
        return new MongoLedgerReadModel(readModelDatabase);
    }

    @Bean
    LedgerQueries ledgerQueries(MongoLedgerReadModel readModel) {
        return new LedgerQueries(readModel);
    }

    @Bean
    Supplier<Digest> projectionDigest(MongoLedgerReadModel readModel) {
        return new LedgerDigest(readModel)::digest;
    }

    /** {@code --rebuild}: once the consumer runs, the ledger is cleared and read again from the start of the topic. */
    @Bean
    ApplicationRunner rebuildOnStart(LedgerProperties properties, EventStreamLifecycle eventStream) {
        return args -> {
            if (properties.rebuildOnStart()) {
                log.info("rebuilding the ledger from the start of the topic, as asked on the command line");
                eventStream.requestRebuild();
            }
        };
    }

    @Bean
    @ConditionalOnExpression("!'${roster.ledger.reconciliation.command-url:}'.isBlank()")
    Reconciliation reconciliation(MongoLedgerReadModel readModel, LedgerProperties properties) {
        LedgerProperties.Reconciliation settings = properties.reconciliation();
        if (settings.tokenFile() == null || settings.tokenFile().isBlank()) {
            throw new IllegalStateException("roster.ledger.reconciliation.token-file (ROSTER_LEDGER_TOKEN_FILE) must name "
                    + "the file of the ledger's token for device-command when the command URL is set");
        }
        HttpCommandSideCodes commandSide = new HttpCommandSideCodes(URI.create(settings.commandUrl()),
                Path.of(settings.tokenFile()), settings.timeout());
        return new Reconciliation(readModel, commandSide, settings.catchUpWait(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    @ConditionalOnExpression("!'${roster.ledger.reconciliation.command-url:}'.isBlank()")
    ScheduledExecutorService reconciliationSchedule(ReconciliationMonitor monitor, LedgerProperties properties) {
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-reconciliation");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.reconciliation().interval().toMillis();
        schedule.scheduleWithFixedDelay(monitor::run, every, every, TimeUnit.MILLISECONDS);
        return schedule;
    }

    @Bean
    @ConditionalOnExpression("!'${roster.ledger.reconciliation.command-url:}'.isBlank()")
    ReconciliationMonitor reconciliationMonitor(Reconciliation reconciliation, MeterRegistry meters) {
        return new ReconciliationMonitor(reconciliation, meters);
    }

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Roster activation-ledger")
                .description("Activation codes per product and per device key, counted from the event history, "
                        + "and reconciled with device-command's own counts.")
                .version("v1"));
    }
}
