package io.roster.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What the report says about the machine and the JVMs, read from /proc and the process table where possible. */
final class MachineInfo {

    private MachineInfo() {
    }

    static BenchReport.Machine describe(String commandUrl) {
        return describe(commandUrl, "device-command-exec.jar");
    }

    /** As {@link #describe(String)}, the service JVM being the one that runs the jar whose path ends in {@code jar}. */
    static BenchReport.Machine describe(String serviceUrl, String jar) {
        return new BenchReport.Machine(Runtime.getRuntime().availableProcessors(), memoryBytes(), cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                serviceJvm(serviceUrl, jar));
    }

    private static long memoryBytes() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> v.replaceAll("[^0-9]", ""))
                .filter(v -> !v.isEmpty())
                .map(kib -> Long.parseLong(kib) * 1024)
                .orElse(0L);
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static Optional<String> procLine(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code java -version} of the JVM running the service, found in the process table by its jar;
     * "unknown" when it runs elsewhere or cannot be seen.
     */
    private static String serviceJvm(String serviceUrl, String jar) {
        if (!serviceUrl.contains("://localhost") && !serviceUrl.contains("://127.0.0.1")) {
            return "unknown (remote)";
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).stream()
                        .anyMatch(a -> a.endsWith(jar))).orElse(false))
                .map(p -> p.info().command())
                .flatMap(Optional::stream)
                .findFirst()
                .map(MachineInfo::javaVersion)
                .orElse("unknown");
    }

    private static String javaVersion(String java) {
        try {
            Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            process.waitFor(10, TimeUnit.SECONDS);
            String lines = output.lines().limit(2).collect(Collectors.joining(" / "));
            return lines + " (" + java + ")";
        } catch (IOException e) {
            return java;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java;
        }
    }
}
