package io.roster.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJarsTest {

    @TempDir
    Path repo;

    @Test
    void repositoryShouldBeDerivedFromTheLauncherJarOrClasses() throws IOException {
        Files.createDirectories(repo.resolve("device-command"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Path jar = repo.resolve("devstack/target/roster-devstack.jar");
        Path classes = repo.resolve("devstack/target/classes");
        Path elsewhere = repo.resolve("elsewhere");

        assertThat(ServiceJars.locate(null, Map.of(), jar, elsewhere)).isEqualTo(repo);
        assertThat(ServiceJars.locate(null, Map.of(), classes, elsewhere)).isEqualTo(repo);
    }

    @Test
    void explicitDirectoryShouldWinOverRosterHomeWhichWinsOverTheDerivedOne() {
        Path jar = repo.resolve("devstack/target/roster-devstack.jar");
        Map<String, String> env = Map.of("ROSTER_HOME", "/opt/roster");

        assertThat(ServiceJars.locate(Path.of("/src/roster"), env, jar, repo)).isEqualTo(Path.of("/src/roster"));
        assertThat(ServiceJars.locate(null, env, jar, repo)).isEqualTo(Path.of("/opt/roster"));
    }

    @Test
    void aLauncherOutsideTheRepositoryShouldFallBackToTheWorkingDirectoryOrItsParent() throws IOException {
        Files.createDirectories(repo.resolve("device-command"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Path e2e = Files.createDirectories(repo.resolve("e2e"));
        Path jarInLocalRepository = Path.of("/root/.m2/repository/io/roster/devstack/0.1.0/devstack-0.1.0.jar");

        assertThat(ServiceJars.locate(null, Map.of(), jarInLocalRepository, e2e)).isEqualTo(repo);
        assertThat(ServiceJars.locate(null, Map.of(), jarInLocalRepository, repo)).isEqualTo(repo);
    }

    @Test
    void missingJarsShouldBeNamedWithTheBuildCommand() throws IOException {
        Path built = Service.DEVICE_QUERY.jar(repo);
        Files.createDirectories(built.getParent());
        Files.writeString(built, "jar");

        assertThatThrownBy(() -> ServiceJars.requireAll(repo))
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining(Service.DEVICE_COMMAND.jar(repo).toString())
                .hasMessageContaining(Service.REGION_SYNC.jar(repo).toString())
                .hasMessageNotContaining(built.toString())
                .hasMessageContaining("./mvnw -B -DskipTests package");
    }

    @Test
    void startShouldFailBeforeStartingAnythingWhenAJarIsMissing() {
        DevStackOptions options = new DevStackOptions(1, null, 0, repo, DevStackOptions.EventStore.POSTGRES);

        assertThatThrownBy(() -> DevStack.start(options))
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("device-command-exec.jar")
                .hasMessageContaining("./mvnw -B -DskipTests package");
    }
}
