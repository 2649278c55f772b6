package io.roster.devstack.infra;

import java.time.Duration;
import java.util.List;

/**
 * The JVM starts all shutdown hooks at once. Spring closes its application contexts in a hook of its own, and a
 * context still closing when a server it uses has stopped waits for that server: a MongoDB client 30 s for server
 * selection, a Kafka producer its delivery time-out. So the hooks that stop the embedded servers first let
 * Spring's hooks finish, for a bounded time.
 */
final class ShutdownOrder {

    /** Below the 30 s after which Maven's test runner kills a forked JVM that has not exited. */
    private static final Duration SPRING_HOOKS_WAIT = Duration.ofSeconds(20);
    /** Hooks start in no particular order: how long to look for Spring's before concluding there is none. */
    private static final Duration SPRING_HOOKS_APPEAR = Duration.ofMillis(200);

    private ShutdownOrder() {
    }

    /** A shutdown hook that runs {@code stop} once Spring's context shutdown hooks are done. */
    static Thread hook(String name, Runnable stop) {
        return new Thread(() -> {
            awaitSpringShutdownHooks();
            stop.run();
        }, name);
    }

    private static void awaitSpringShutdownHooks() {
        long now = System.nanoTime();
        long appearBy = now + SPRING_HOOKS_APPEAR.toNanos();
        long deadline = now + SPRING_HOOKS_WAIT.toNanos();
        try {
            List<Thread> hooks = springHooks();
            while (hooks.isEmpty() && System.nanoTime() < appearBy) {
                Thread.sleep(10);
                hooks = springHooks();
            }
            for (Thread hook : hooks) {
                hook.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SpringApplicationShutdownHook (Spring Boot) and SpringContextShutdownHook (plain Spring contexts). */
    private static List<Thread> springHooks() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("Spring") && t.getName().endsWith("ShutdownHook"))
                .toList();
    }
}
