package io.roster.devstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Finding the built service jars. */
final class ServiceJars {

    static final String BUILD_COMMAND = "./mvnw -B -DskipTests package";

    private ServiceJars() {
    }

    /**
     * The directory holding the service modules: {@code --services-dir}, else {@code ROSTER_HOME}, else
     * the repository this launcher was built in ({@code devstack/target/roster-devstack.jar} or
     * {@code devstack/target/classes}, two levels up), else the working directory or its parent when
     * either holds the modules.
     */
    static Path locate(Path explicit, Map<String, String> env, Path codeSource, Path workingDir) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        String home = env.get("ROSTER_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path built = codeSource == null ? null : repositoryOf(codeSource.toAbsolutePath());
        if (built != null && holdsModules(built)) {
            return built;
        }
        Path cwd = workingDir.toAbsolutePath().normalize();
        for (Path candidate : new Path[] {cwd, cwd.getParent()}) {
            if (candidate != null && holdsModules(candidate)) {
                return candidate;
            }
        }
        return built != null ? built : cwd;
    }

    /** Where this class was loaded from: the launcher jar or a classes directory. */
    static Path codeSource() {
        try {
            return Path.of(ServiceJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @throws DevStackException naming every missing jar and the command that builds them
     */
    static void requireAll(Path servicesDir) {
        List<Path> missing = Arrays.stream(Service.values())
                .map(service -> service.jar(servicesDir))
                .filter(jar -> !Files.isRegularFile(jar))
                .toList();
        if (!missing.isEmpty()) {
            throw new DevStackException("Service jars not found:\n"
                    + missing.stream().map(jar -> "  " + jar).collect(Collectors.joining("\n"))
                    + "\nBuild them first from the repository root with: " + BUILD_COMMAND
                    + "\n(or point --services-dir / ROSTER_HOME at the repository root)");
        }
    }

    private static Path repositoryOf(Path codeSource) {
        Path target = codeSource.getParent();
        Path module = target == null ? null : target.getParent();
        return module == null ? null : module.getParent();
    }

    /** A checkout of the project: its root POM beside the module directories (a Maven repository has neither). */
    private static boolean holdsModules(Path dir) {
        return Files.isDirectory(dir.resolve(Service.DEVICE_COMMAND.module())) && Files.isRegularFile(dir.resolve("pom.xml"));
    }
}
