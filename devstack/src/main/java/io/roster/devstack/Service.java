package io.roster.devstack;

import java.nio.file.Path;

/** The four Roster services, in their port order (8081..8084 in region 1). */
public enum Service {
    DEVICE_COMMAND("device-command"),
    DEVICE_QUERY("device-query"),
    ACTIVATION_LEDGER("activation-ledger"),
    REGION_SYNC("region-sync");

    private final String module;

    Service(String module) {
        this.module = module;
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
