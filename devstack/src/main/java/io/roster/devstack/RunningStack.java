package io.roster.devstack;

import io.roster.devstack.auth.LocalTokenIssuer;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import io.roster.devstack.infra.TempDirs;

/**
 * A started Roster stack: its regions' endpoints, {@link #kill} and {@link #restart} to crash and recover
 * one service, and {@link #close()} to stop it all (services first, gracefully, then Kafka, MongoDB and
 * PostgreSQL; the temporary directory last).
 */
public final class RunningStack implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration RESTART_HEALTH_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 40;

    private final Path workDir;
    private final boolean temporary;
    private final PrintStream out;
    private final List<RegionInfra> infra = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private LocalTokenIssuer tokenIssuer;
    private final Thread stopAtExit = new Thread(this::close, "roster-devstack-stop");
    private boolean closed;

    RunningStack(Path workDir, boolean temporary, PrintStream out) {
        this.workDir = workDir;
        this.temporary = temporary;
        this.out = out;
        // Ctrl-C, SIGTERM, or a test JVM ending without close(): never leave services or PostgreSQL behind.
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Every region, in order. */
    public synchronized List<RegionEndpoints> regions() {
        return infra.stream().map(RegionInfra::endpoints).toList();
    }

    /** Region {@code number}, counted from 1. */
    public RegionEndpoints region(int number) {
        List<RegionEndpoints> regions = regions();
        if (number < 1 || number > regions.size()) {
            throw new NoSuchElementException("no region " + number + "; this stack has " + regions.size());
        }
        return regions.get(number - 1);
    }

    /** The region called {@code name}, e.g. {@code region-2}. */
    public RegionEndpoints region(String name) {
        return regions().stream().filter(r -> r.region().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no region " + name));
    }

    /** The data directory, or the temporary directory standing in for it. */
    public Path workDir() {
        return workDir;
    }

    /** Where each service's output goes: {@code <logDir>/<region>/<service>.log}. */
    public Path logDir() {
        return logDir(workDir);
    }

    static Path logDir(Path workDir) {
        return workDir.resolve("logs");
    }

    /** The local token issuer every service of this stack trusts. */
    public synchronized LocalTokenIssuer tokenIssuer() {
        return tokenIssuer;
    }

    /** The file holding a ready token for {@code role}: {@code <workDir>/tokens/<role>.jwt}. */
    public Path tokenFile(String role) {
        return tokenFile(tokenDir(workDir), role);
    }

    /** The file in {@code tokenDir} holding a ready token for {@code role}, {@code <role>.jwt}. */
    static Path tokenFile(Path tokenDir, String role) {
        return tokenDir.resolve(role + ".jwt");
    }

    static Path tokenDir(Path workDir) {
        return workDir.resolve("tokens");
    }

    synchronized void tokenIssuer(LocalTokenIssuer issuer) {
        this.tokenIssuer = issuer;
    }

    /** Whether {@link #close()} has begun. */
    public synchronized boolean isClosed() {
        return closed;
    }

    synchronized void add(RegionInfra region) {
        if (closed) {
            region.close();
            throw new DevStackException("stopped while starting");
        }
        infra.add(region);
    }

    synchronized void add(ServiceProcess service) {
        if (closed) {
            service.requestStop();
            service.awaitStop(System.nanoTime() + STOP_GRACE.toNanos());
            throw new DevStackException("stopped while starting");
        }
        services.add(service);
    }

    synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /**
     * Stops the Kafka broker of {@code region} while the rest of the stack runs, as an outage of it would: its
     * clients lose their connection and retry. Its log directory stays, so {@link #startKafka(String)} brings back
     * every topic and record. Nothing if it is stopped already.
     *
     * @param region the region's name, e.g. {@code region-1}
     */
    public void stopKafka(String region) {
        RegionInfra regionInfra = infra(region);
        regionInfra.stopKafka();
        out.printf("  %-28s stopped%n", region + " kafka");
    }

    /**
     * Starts the Kafka broker of {@code region} again, on the same port and log directory, and returns once it
     * accepts requests; its clients reconnect by themselves. Nothing if it runs.
     */
    public void startKafka(String region) {
        RegionInfra regionInfra = infra(region);
        regionInfra.startKafka();
        out.printf("  %-28s started on %s%n", region + " kafka", regionInfra.endpoints().kafkaBootstrap());
    }

    /**
     * Stops {@code service} of {@code region} (its first instance) gracefully, as a deployment would, and returns
     * once it is gone; {@link #restart(String, Service)} starts it again.
     */
    public void stop(String region, Service service) {
        ServiceProcess process = service(region, service);
        process.requestStop();
        process.awaitStop(System.nanoTime() + STOP_GRACE.toNanos());
        out.printf("  %-28s stopped%n", process.label());
    }

    /**
     * Kills {@code service} of {@code region} (its first instance) with SIGKILL, as a crash would: no
     * shutdown hook, no graceful stop, whatever it was doing left half done. Returns once it is gone.
     *
     * @param region the region's name, e.g. {@code region-1}
     */
    public void kill(String region, Service service) {
        ServiceProcess process = service(region, service);
        out.printf("  %-28s killed (pid %d)%n", process.label(), process.process().pid());
        process.kill();
    }

    /**
     * Starts {@code service} of {@code region} (its first instance) again after it died, with the same
     * command, environment, ports and log (appended to), and returns once it reports UP.
     *
     * @throws IllegalStateException when it is still running
     * @throws DevStackException     when it dies again or stays unhealthy
     */
    public void restart(String region, Service service) {
        restart(region, service, List.of());
    }

    /**
     * As {@link #restart(String, Service)}, with {@code arguments} added to the service's command line, e.g.
     * activation-ledger's {@code --rebuild}.
     */
    public void restart(String region, Service service, List<String> arguments) {
        ServiceProcess restarted;
        synchronized (this) {
            if (closed) {
                throw new DevStackException("the stack is stopped");
            }
            ServiceProcess dead = service(region, service);
            restarted = dead.restart(arguments);
            services.set(services.indexOf(dead), restarted);
        }
        out.printf("  %-28s restarting (pid %d)%n", restarted.label(), restarted.process().pid());
        awaitHealthy(List.of(restarted), RESTART_HEALTH_TIMEOUT);
    }

    private synchronized RegionInfra infra(String region) {
        if (closed) {
            throw new DevStackException("the stack is stopped");
        }
        return infra.stream()
                .filter(r -> r.ports().region().equals(region))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no region " + region));
    }

    private synchronized ServiceProcess service(String region, Service service) {
        return services.stream()
                .filter(p -> p.region().equals(region) && p.service() == service && p.instance() == 1)
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + service.module() + " in " + region));
    }

    /** Returns once every one of {@code starting} reports UP; fails on the first that exits or is late. */
    void awaitHealthy(List<ServiceProcess> starting, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<ServiceProcess> pending = new ArrayList<>(starting);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            if (isClosed()) {
                throw new DevStackException("stopped while starting");
            }
            for (ServiceProcess service : List.copyOf(pending)) {
                if (!service.isAlive()) {
                    throw failed(service, "exited with code " + service.process().exitValue() + " before it was healthy");
                }
                if (service.isHealthy(http)) {
                    out.printf("  %-28s UP in %s%n", service.label(),
                            String.format(Locale.ROOT, "%.1f s", service.uptime().toNanos() / 1e9));
                    pending.remove(service);
                }
            }
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                throw failed(pending.get(0), "was not healthy after " + timeout.toSeconds() + " s");
            }
            if (!pending.isEmpty()) {
                pause();
            }
        }
    }

    private static DevStackException failed(ServiceProcess service, String what) {
        return new DevStackException(service.label() + " " + what + ". Last lines of " + service.log() + ":\n"
                + service.tail(LOG_TAIL_LINES));
    }

    private static void pause() {
        try {
            Thread.sleep(HEALTH_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while waiting for the services");
        }
    }

    /** Stops everything that was started. Safe to call more than once and from a shutdown hook. */
    @Override
    public void close() {
        List<ServiceProcess> toStop;
        List<RegionInfra> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            removeShutdownHook();
            toStop = List.copyOf(services);
            toClose = new ArrayList<>(infra);
        }
        if (!toStop.isEmpty()) {
            out.println("Stopping " + toStop.size() + " services ...");
        }
        toStop.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        toStop.forEach(service -> service.awaitStop(deadline));
        toClose.forEach(RegionInfra::close);
        LocalTokenIssuer issuer;
        synchronized (this) {
            issuer = tokenIssuer;
        }
        if (issuer != null) {
            issuer.close();
        }
        if (temporary) {
            try {
                TempDirs.deleteRecursively(workDir);
            } catch (RuntimeException e) {
                out.println("could not delete " + workDir + ": " + e.getMessage());
            }
        }
        out.println("Roster stopped.");
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // this close() may be running in that very hook
        }
    }
}
