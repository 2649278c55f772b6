package io.roster.e2e;

import io.roster.devstack.DevStack;
import io.roster.devstack.DevStackOptions;
import io.roster.devstack.DevStackOptions.EventStore;
import io.roster.devstack.RegionPorts;
import io.roster.devstack.RunningStack;
import io.roster.devstack.infra.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts the one-region embedded stack a suite runs against: on device-command's PostgreSQL event store unless
 * {@code -Droster.e2e.eventStore=mongo}, on ports shifted by {@code -Droster.e2e.portOffset=N} or else by a free
 * random offset, away from a developer's stack.
 */
final class E2eStack {

    private E2eStack() {
    }

    static RunningStack start() {
        EventStore eventStore = EventStore.valueOf(
                System.getProperty("roster.e2e.eventStore", "postgres").toUpperCase(Locale.ROOT));
        Integer offset = Integer.getInteger("roster.e2e.portOffset");
        Path home = Path.of(System.getProperty("roster.home", "..")).toAbsolutePath().normalize();
        return DevStack.start(new DevStackOptions(1, null, offset != null ? offset : freeOffset(), home, eventStore));
    }

    /** A client with the stack's token of this role. */
    static StackClient client(RunningStack stack, String role) {
        try {
            return new StackClient(Files.readString(stack.tokenFile(role)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port offset whose ports (and the token issuer's) are all free now. */
    private static int freeOffset() {
        while (true) {
            int offset = 2000 + ThreadLocalRandom.current().nextInt(6000);
            int[] region = RegionPorts.of(1, offset).all();
            int[] ports = Arrays.copyOf(region, region.length + 1);
            ports[ports.length - 1] = 8090 + offset;
            if (Arrays.stream(ports).allMatch(FreePorts::isFree)) {
                return offset;
            }
        }
    }
}
