package io.roster.devstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB-wire-compatible server (mongo-java-server) running inside this JVM on {@code localhost}.
 * It speaks the protocol the MongoDB Java driver uses, without replica-set features such as change
 * streams or multi-document transactions.
 *
 * <p>Its data lives in memory, or in an H2 MVStore file when one is given; starting again on the same
 * file keeps every document.
 *
 * <pre>{@code
 * try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(0, null)) {
 *     MongoClient client = MongoClients.create(mongo.connectionString());
 * }
 * }</pre>
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private final MongoServer server;
    private final int port;
    private boolean closed;

    private EmbeddedMongoServer(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the server.
     *
     * @param port   the port, or 0 to pick a free one
     * @param h2File the H2 MVStore file to keep the data in (created if missing), or {@code null} to keep
     *               it in memory
     * @return the running server
     */
    public static EmbeddedMongoServer start(int port, Path h2File) {
        QuietLogs.warnOnly("de.bwaldvogel", "org.h2");
        MongoBackend backend = h2File == null ? new MemoryBackend() : new H2Backend(prepare(h2File).toString());
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("localhost", port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw new IllegalStateException("cannot bind the MongoDB-wire server to localhost:" + port, e);
        }
        return new EmbeddedMongoServer(server, server.getLocalAddress().getPort());
    }

    /** The connection string for clients, e.g. {@code mongodb://localhost:27017}. */
    public String connectionString() {
        return "mongodb://localhost:" + port;
    }

    /** The server's port. */
    public int port() {
        return port;
    }

    /** Closes client connections, stops listening and, with an H2 file, flushes and closes it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdownNow();
    }

    private static Path prepare(Path h2File) {
        Path file = h2File.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        }
        return file;
    }
}
