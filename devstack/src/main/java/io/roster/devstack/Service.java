package io.roster.devstack;

import java.nio.file.Path;
import java.util.List;

/** The four Roster services, in their port order (8081..8084 in region 1). */
public enum Service {
    /**
     * Answers connection authentication with a latency target and keeps a replay guard of up to ~64 MiB:
     * a larger heap and the parallel collector, whose young pauses are short and whose old generation does
     * not fill up (a serial full collection of a 512 MB heap stalled every decision for ~300 ms).
     */
    DEVICE_COMMAND("device-command", "-Xmx1g", "-XX:+UseParallelGC"),
    DEVICE_QUERY("device-query", "-Xmx512m", "-XX:+UseSerialGC"),
    ACTIVATION_LEDGER("activation-ledger", "-Xmx512m", "-XX:+UseSerialGC"),
    REGION_SYNC("region-sync", "-Xmx512m", "-XX:+UseSerialGC");

    private final String module;
    private final List<String> jvmOptions;

    Service(String module, String... jvmOptions) {
        this.module = module;
        this.jvmOptions = List.of(jvmOptions);
    }

    /** Heap and collector for the embedded stack, where all four share two cores with the infrastructure. */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The Maven module, which is also the service's name. */
    public String module() {
        return module;
    }

    /** Where the build puts the runnable jar: {@code <servicesDir>/<module>/target/<module>-exec.jar}. */
    public Path jar(Path servicesDir) {
        return servicesDir.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }
}
