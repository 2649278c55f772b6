package io.roster.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.slf4j.LoggerFactory;

import io.roster.devstack.auth.AccessMatrix;
import io.roster.devstack.auth.LocalTokenIssuer;
import io.roster.devstack.infra.FreePorts;
import io.roster.devstack.infra.TempDirs;

/**
 * Runs Roster on one machine with nothing installed: per region a Kafka broker, PostgreSQL and a
 * MongoDB-wire server inside this JVM, and the four services as child processes of it.
 *
 * <p>From the command line see {@link DevStackOptions#USAGE}; from code (end-to-end tests):
 * <pre>{@code
 * try (RunningStack stack = DevStack.start(new DevStackOptions(2, null, 1000, null, EventStore.POSTGRES))) {
 *     String command = stack.region(1).commandUrl();
 * }
 * }</pre>
 */
public final class DevStack {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration TOKEN_LIFETIME = Duration.ofDays(30);
    private static final List<String> SERVICE_JVM_OPTIONS = List.of("-Daxoniq.update-checker.disabled=true");

    private final DevStackOptions options;
    private final PrintStream out;
    private final Path servicesDir;
    private final RunningStack stack;
    private final long startedNanos = System.nanoTime();

    /** Checks everything that can be checked before anything starts, and prepares the directories. */
    private DevStack(DevStackOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.servicesDir = ServiceJars.locate(options.servicesDir(), System.getenv(), ServiceJars.codeSource(), Path.of(""));
        ServiceJars.requireAll(servicesDir);
        requireFreePorts();
        Path workDir = options.persistent() ? options.dataDir().toAbsolutePath().normalize() : TempDirs.create("roster-devstack-");
        try {
            Files.createDirectories(RunningStack.logDir(workDir));
        } catch (IOException e) {
            throw new DevStackException("cannot create " + RunningStack.logDir(workDir) + ": " + e.getMessage(), e);
        }
        this.stack = new RunningStack(workDir, !options.persistent(), out);
    }

    /**
     * Starts the whole stack and returns once every service reports UP.
     *
     * @throws DevStackException when a jar is missing, a port is taken, or a service dies or stays
     *                           unhealthy; everything started so far is stopped again
     */
    public static RunningStack start(DevStackOptions options) {
        return start(options, System.out);
    }

    /** As {@link #start(DevStackOptions)}, printing progress to {@code out}. */
    public static RunningStack start(DevStackOptions options, PrintStream out) {
        return new DevStack(options, out).boot();
    }

    public static void main(String[] args) {
        useLauncherLogging();
        if (DevStackOptions.wantsHelp(args)) {
            System.out.print(DevStackOptions.USAGE);
            return;
        }
        DevStackOptions options;
        try {
            options = DevStackOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(DevStackOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            DevStack launcher = new DevStack(options, System.out);
            RunningStack stack = launcher.boot();
            launcher.printEndpoints(stack);
            launcher.reportUnexpectedExits(stack);
            Thread.currentThread().join();
        } catch (DevStackException e) {
            System.err.println();
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RunningStack boot() {
        try {
            startInfrastructure();
            startTokenIssuer();
            startServices();
            awaitHealthy();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e instanceof DevStackException ? e : new DevStackException(e.toString(), e);
        }
    }

    private void startInfrastructure() {
        out.printf("Starting infrastructure for %d region(s) in %s%n", options.regions(), stack.workDir());
        List<CompletableFuture<RegionInfra>> regions = IntStream.rangeClosed(1, options.regions())
                .mapToObj(options::ports)
                .map(ports -> CompletableFuture.supplyAsync(() -> startRegion(ports)))
                .toList();
        CompletableFuture.allOf(regions.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        List<RegionInfra> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<RegionInfra> region : regions) {
            try {
                started.add(region.join());
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        // registered in region order, so that region(1) is region-1 whichever started first
        started.forEach(stack::add);
        if (failure != null) {
            throw failure;
        }
    }

    private RegionInfra startRegion(RegionPorts ports) {
        long start = System.nanoTime();
        RegionInfra region = RegionInfra.start(ports, stack.workDir().resolve(ports.region()), options.persistent());
        RegionEndpoints endpoints = region.endpoints();
        out.printf("  [%s] kafka %s, mongodb %s, postgres %s ready in %s%n", ports.region(),
                endpoints.kafkaBootstrap(), endpoints.mongoUri(), endpoints.jdbcUrl(), seconds(System.nanoTime() - start));
        return region;
    }

    /**
     * Starts the stack's token issuer and writes a token for each role to {@code <workDir>/tokens}. Its
     * key lives there too, so with {@code --data-dir} the tokens stay valid across restarts.
     */
    private void startTokenIssuer() {
        Path dir = RunningStack.tokenDir(stack.workDir());
        LocalTokenIssuer issuer = LocalTokenIssuer.start(options.issuerPort(), dir.resolve("issuer-key.json"));
        stack.tokenIssuer(issuer);
        try {
            for (String role : AccessMatrix.ROLES) {
                Files.writeString(stack.tokenFile(role), issuer.mint("devstack-" + role, List.of(role), TOKEN_LIFETIME));
            }
        } catch (IOException e) {
            throw new DevStackException("cannot write tokens to " + dir + ": " + e.getMessage(), e);
        }
        out.printf("  token issuer %s, tokens in %s%n", issuer.issuer(), dir);
    }

    /** The launcher's environment plus where the services find the token issuer's keys, and the audience of its tokens. */
    private Map<String, String> launcherEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("ROSTER_JWT_ISSUER", stack.tokenIssuer().issuer());
        env.put("ROSTER_JWT_JWKS_URI", stack.tokenIssuer().jwksUri());
        env.put("ROSTER_JWT_AUDIENCE", LocalTokenIssuer.AUDIENCE);
        return env;
    }

    private void startServices() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<RegionEndpoints> regions = stack.regions();
        for (RegionEndpoints region : regions) {
            for (Service service : Service.values()) {
                int instances = service == Service.DEVICE_COMMAND ? options.commandInstances() : 1;
                for (int instance = 1; instance <= instances; instance++) {
                    List<String> command = new ArrayList<>();
                    command.add(java);
                    command.addAll(service.jvmOptions());
                    command.addAll(SERVICE_JVM_OPTIONS);
                    command.add("-jar");
                    command.add(service.jar(servicesDir).toString());
                    Map<String, String> env = ServiceEnvironment.of(service, instance, region, regions, options.eventStore(),
                            RunningStack.tokenDir(stack.workDir()), launcherEnvironment());
                    String name = service.module() + (instance > 1 ? "-" + instance : "");
                    Path log = stack.logDir().resolve(region.region()).resolve(name + ".log");
                    String url = service == Service.DEVICE_COMMAND ? region.commandUrl(instance) : region.url(service);
                    ServiceProcess process = ServiceProcess.start(service, instance, region.region(), command, env, log, url);
                    stack.add(process);
                    out.printf("  %-28s starting (pid %d)%n", process.label(), process.process().pid());
                }
            }
        }
    }

    private void awaitHealthy() {
        stack.awaitHealthy(stack.services(), HEALTH_TIMEOUT);
    }

    private void printEndpoints(RunningStack stack) {
        out.println();
        for (RegionEndpoints region : stack.regions()) {
            out.println(region.region());
            for (Service service : Service.values()) {
                String url = region.url(service);
                out.printf("  %-18s %-24s %s/swagger-ui.html%n", service.module(), url, url);
            }
            out.printf("  %-18s %-24s connect and EMQX decisions (docs/api.md)%n", "decision port", region.decisionUrl());
            for (int instance = 2; instance <= options.commandInstances(); instance++) {
                out.printf("  %-18s %-24s %s/swagger-ui.html%n", "device-command #" + instance,
                        region.commandUrl(instance), region.commandUrl(instance));
                out.printf("  %-18s %-24s its decision port%n", "decision port #" + instance, region.decisionUrl(instance));
            }
            out.printf("  %-18s %s%n", "kafka", region.kafkaBootstrap());
            out.printf("  %-18s %s%n", "mongodb", region.mongoUri());
            out.printf("  %-18s %s  (user %s)%n", "postgres", region.jdbcUrl(), region.jdbcUser());
        }
        out.printf("%-20s %s%n", "token issuer", stack.tokenIssuer().issuer());
        for (String role : AccessMatrix.ROLES) {
            out.printf("  %-18s %s%n", role, stack.tokenFile(role));
        }
        out.printf("  e.g. curl -H \"Authorization: Bearer $(cat %s)\" %s/api/v1/products/<pk>%n",
                stack.tokenFile("analyst"), stack.region(1).queryUrl());
        out.printf("%-20s %s%n", "logs", stack.logDir());
        out.printf("%-20s %s%n", "data", options.persistent() ? stack.workDir() : "temporary, deleted on stop");
        out.printf("%-20s %s%n", "started in", seconds(System.nanoTime() - startedNanos));
        out.println();
        out.println("Roster is up. Ctrl-C stops it.");
    }

    private void reportUnexpectedExits(RunningStack stack) {
        for (ServiceProcess service : stack.services()) {
            service.process().onExit().thenAccept(process -> {
                if (!stack.isClosed()) {
                    out.printf("! %s exited with code %d, see %s%n", service.label(), process.exitValue(), service.log());
                }
            });
        }
    }

    private void requireFreePorts() {
        for (int number = 1; number <= options.regions(); number++) {
            RegionPorts ports = options.ports(number);
            int[] regionPorts = ports.all(options.commandInstances());
            int[] all = number == 1 ? java.util.Arrays.copyOf(regionPorts, regionPorts.length + 1) : regionPorts;
            if (number == 1) {
                all[regionPorts.length] = options.issuerPort();
            }
            for (int port : all) {
                if (!FreePorts.isFree(port)) {
                    throw new DevStackException("port " + port + " of " + ports.region()
                            + " is in use. Is another Roster stack running? Stop it, or shift every port with --port-offset N.");
                }
            }
        }
    }

    /** Selects the launcher's log configuration, unless the user chose one; must run before any logging. */
    private static void useLauncherLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "devstack-logback.xml");
        }
        // initialise SLF4J now, before the regions' threads race to do it and get their calls replayed
        LoggerFactory.getILoggerFactory();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
