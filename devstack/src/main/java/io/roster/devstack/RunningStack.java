package io.roster.devstack;

import io.roster.devstack.auth.LocalTokenIssuer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import io.roster.devstack.infra.TempDirs;

/**
 * A started Roster stack: its regions' endpoints, and {@link #close()} to stop it all (services first,
 * gracefully, then Kafka, MongoDB and PostgreSQL; the temporary directory last).
 */
public final class RunningStack implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

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
        return tokenDir(workDir).resolve(role + ".jwt");
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
