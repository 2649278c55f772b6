package io.roster.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIT {

    @Test
    void createdDatabaseShouldAnswerQueries() throws SQLException {
        EmbeddedPostgresServer postgres = SharedInfra.postgres();
        String database = "test_" + UUID.randomUUID().toString().replace("-", "");
        postgres.createDatabase(database);
        postgres.createDatabase(database);

        try (Connection connection = connect(postgres, database); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE device (device_key TEXT PRIMARY KEY)");
            sql.execute("INSERT INTO device VALUES ('d-1')");
            assertThat(single(sql, "SELECT device_key FROM device")).isEqualTo("d-1");
            assertThat(single(sql, "SELECT current_database()")).isEqualTo(database);
        }
        assertThat(postgres.jdbcUrl(database)).isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/" + database);
    }

    @Test
    void createDatabaseShouldRejectANameThatNeedsQuoting() {
        assertThatThrownBy(() -> SharedInfra.postgres().createDatabase("roster\"; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restartOnTheSameDataDirShouldKeepTheData(@TempDir Path dir) throws SQLException {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, dir)) {
            postgres.createDatabase("roster");
            try (Connection connection = connect(postgres, "roster"); Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE event (seq BIGINT)");
                sql.execute("INSERT INTO event VALUES (42)");
            }
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, dir)) {
            postgres.createDatabase("roster");
            try (Connection connection = connect(postgres, "roster"); Statement sql = connection.createStatement()) {
                assertThat(single(sql, "SELECT seq FROM event")).isEqualTo("42");
            }
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres, String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
