package io.roster.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One service running as a child process, its output appended to a log file. It keeps how it was started,
 * so that {@link #restart()} can start it again exactly so after a crash or a {@link #kill()}.
 */
final class ServiceProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final int TAIL_BYTES = 16 * 1024;

    private final Service service;
    private final int instance;
    private final String region;
    private final List<String> command;
    private final Map<String, String> env;
    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final URI health;
    private final long startedNanos = System.nanoTime();

    private ServiceProcess(Service service, int instance, String region, List<String> command, Map<String, String> env,
                           Process process, Path log, String baseUrl) {
        this.service = service;
        this.instance = instance;
        this.region = region;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.health = URI.create(baseUrl + "/actuator/health");
    }

    /**
     * Starts {@code command} with {@code env} on top of the inherited environment.
     *
     * @param baseUrl the service's base URL; health is read from {@code /actuator/health} below it
     */
    static ServiceProcess start(Service service, int instance, String region, List<String> command,
                                Map<String, String> env, Path log, String baseUrl) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "===== " + Instant.now() + " starting " + service.module() + " (" + region + ")\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            Process process = builder.start();
            return new ServiceProcess(service, instance, region, command, env, process, log, baseUrl);
        } catch (IOException e) {
            throw new DevStackException("cannot start " + service.module() + " (" + region + "): " + e.getMessage(), e);
        }
    }

    /** A new process with this one's command, environment, ports and log (appended to); this one must have exited. */
    ServiceProcess restart() {
        return restart(List.of());
    }

    /**
     * As {@link #restart()}, with {@code arguments} added to the command line (kept by the new process's own
     * restarts, as an operator's changed command line would be).
     */
    ServiceProcess restart(List<String> arguments) {
        if (process.isAlive()) {
            throw new IllegalStateException(label() + " is still running");
        }
        List<String> changed = new ArrayList<>(command);
        changed.addAll(arguments);
        return start(service, instance, region, changed, env, log, baseUrl);
    }

    Service service() {
        return service;
    }

    String region() {
        return region;
    }

    /** {@code [region-1] device-command}, or {@code [region-1] device-command #2} for a further instance. */
    String label() {
        return "[" + region + "] " + service.module() + (instance > 1 ? " #" + instance : "");
    }

    int instance() {
        return instance;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Whether the actuator answers {@code {"status":"UP"}}; any failure to ask counts as not yet. */
    boolean isHealthy(HttpClient http) {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(PROBE_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode body = JSON.readTree(response.body());
            return body != null && "UP".equals(body.path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the process to stop (SIGTERM), letting Spring shut down gracefully. */
    void requestStop() {
        process.destroy();
    }

    /** Kills the process outright (SIGKILL), as a crash would, and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new DevStackException(label() + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("interrupted while killing " + label());
        }
    }

    /** Waits until {@code deadline} for the process to exit, then kills it. */
    void awaitStop(long deadlineNanos) {
        try {
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            if (!process.waitFor(remaining, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last {@code lines} lines of the log. */
    String tail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(line -> "    | " + line)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
