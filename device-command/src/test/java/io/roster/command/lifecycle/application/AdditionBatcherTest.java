package io.roster.command.lifecycle.application;

import io.roster.command.lifecycle.domain.AddDeviceCommand;
import io.roster.command.lifecycle.domain.NewDevice;
import io.roster.command.lifecycle.domain.AddDevicesCommand;
import io.roster.command.lifecycle.domain.CreateProductCommand;
import io.roster.command.lifecycle.domain.DeviceAddition;
import io.roster.command.lifecycle.domain.DeviceExistsException;
import io.roster.command.lifecycle.domain.GrantActivationCodesCommand;
import io.roster.command.lifecycle.domain.Product;
import io.roster.command.lifecycle.domain.QuotaExhaustedException;
import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.DeviceAdded;
import io.roster.command.lifecycle.adapter.out.records.MemoryDeviceRecords;
import io.roster.command.lifecycle.domain.DeviceRecords;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The group commit of additions against a real Axon command bus, aggregate and (in-memory) event store. */
class AdditionBatcherTest {

    private static final String PK = "pk1";

    private final AtomicInteger batches = new AtomicInteger();
    private final CountDownLatch firstBatchMayProceed = new CountDownLatch(1);
    private volatile boolean holdFirstBatch;
    private Configuration axon;
    private CommandGateway commands;
    private ExecutorService callers;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .registerComponent(DeviceRecords.class, c -> {
                    MemoryDeviceRecords records = new MemoryDeviceRecords(c.eventStore());
                    c.eventStore().subscribe(records::record);
                    return records;
                })
                .configureAggregate(Product.class)
                .buildConfiguration();
        axon.commandBus().registerHandlerInterceptor((MessageHandlerInterceptor<CommandMessage<?>>) (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof AddDevicesCommand
                    && batches.incrementAndGet() == 1 && holdFirstBatch) {
                firstBatchMayProceed.await(10, TimeUnit.SECONDS);
            }
            return chain.proceed();
        });
        axon.start();
        commands = axon.commandGateway();
        commands.sendAndWait(new CreateProductCommand(PK, "Meter", Protocol.MQTT, NodeType.DIRECT,
                new EncryptedSecret("k1", "c2VjcmV0")));
        callers = Executors.newFixedThreadPool(200);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        axon.shutdown();
    }

    private static AddDeviceCommand add(String deviceKey) {
        return new AddDeviceCommand(PK, new NewDevice(deviceKey, AuthType.DYNAMIC, null, false, null, null));
    }

    @Test
    void concurrentAddsShouldShareBatchesAndNeverOversellCodes() throws Exception {
        commands.sendAndWait(new GrantActivationCodesCommand(PK, 50));
        AdditionBatcher batcher = new AdditionBatcher(commands, 128);
        holdFirstBatch = true;

        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<Future<?>> calls = new ArrayList<>();
        calls.add(callers.submit(() -> record(outcomes, () -> batcher.add(add("d0")))));
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.get() == 1);
        for (int i = 1; i < 200; i++) {
            String deviceKey = "d" + i;
            calls.add(callers.submit(() -> record(outcomes, () -> batcher.add(add(deviceKey)))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.waiting(PK) == 199);
        firstBatchMayProceed.countDown();
        for (Future<?> call : calls) {
            call.get(30, TimeUnit.SECONDS);
        }

        assertThat(outcomes).containsEntry("added", 50).containsEntry("QuotaExhaustedException", 150);
        assertThat(batches.get()).as("one held batch of 1, then 199 waiting in batches of at most 128").isEqualTo(3);
        assertThat(addedEvents()).isEqualTo(50);
        assertThat(batcher.waiting(PK)).isZero();
    }

    @Test
    void eachCallerShouldGetItsOwnRefusal() {
        commands.sendAndWait(new GrantActivationCodesCommand(PK, 5));
        AdditionBatcher batcher = new AdditionBatcher(commands, 128);

        assertThat(batcher.add(add("d1")).available()).isEqualTo(4);
        assertThatThrownBy(() -> batcher.add(add("d1"))).isInstanceOf(DeviceExistsException.class);
        assertThat(batcher.add(add("d2")).available()).isEqualTo(3);
    }

    @Test
    void anUnknownProductShouldFailTheCallerAsTheGatewayDoes() {
        AdditionBatcher batcher = new AdditionBatcher(commands, 128);

        assertThatThrownBy(() -> batcher.add(unknownProduct("d1")))
                .isInstanceOf(AggregateNotFoundException.class);
        assertThat(batcher.waiting("nope")).isZero();
    }

    /** The head of a failed batch sends it; the others only wait for their outcome: all get the failure itself. */
    @Test
    void everyCallerOfAFailedBatchShouldGetTheFailureItself() throws Exception {
        AdditionBatcher batcher = new AdditionBatcher(commands, 128);
        holdFirstBatch = true;
        List<Future<DeviceAddition>> calls = new ArrayList<>();
        calls.add(callers.submit(() -> batcher.add(unknownProduct("d0"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.get() == 1);
        for (int i = 1; i < 4; i++) {
            String deviceKey = "d" + i;
            calls.add(callers.submit(() -> batcher.add(unknownProduct(deviceKey))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> batcher.waiting("nope") == 3);
        firstBatchMayProceed.countDown();

        for (Future<DeviceAddition> call : calls) {
            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AggregateNotFoundException.class);
        }
        assertThat(batches.get()).isEqualTo(2);
    }

    private static AddDeviceCommand unknownProduct(String deviceKey) {
        return new AddDeviceCommand("nope", new NewDevice(deviceKey, AuthType.DYNAMIC, null, false, null, null));
    }

    private static void record(Map<String, Integer> outcomes, Runnable add) {
        try {
            add.run();
            outcomes.merge("added", 1, Integer::sum);
        } catch (QuotaExhaustedException | DeviceExistsException e) {
            outcomes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }
    }

    private long addedEvents() {
        return axon.eventStore().readEvents(PK).asStream().filter(e -> e.getPayload() instanceof DeviceAdded).count();
    }
}
