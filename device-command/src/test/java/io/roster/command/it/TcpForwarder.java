package io.roster.command.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards TCP connections from a local port to a target, once opened: before {@link #open()} nothing listens on the
 * port, as if the target were down. Used as a Kafka bootstrap address that comes up late.
 */
final class TcpForwarder implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private ServerSocket server;

    TcpForwarder(int port, String target) {
        this.port = port;
        this.targetHost = target.substring(0, target.lastIndexOf(':'));
        this.targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    /** A port nothing listens on now. */
    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String address() {
        return "localhost:" + port;
    }

    /** Starts listening and forwarding. */
    void open() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("localhost", port));
        Thread acceptor = new Thread(this::accept, "forwarder-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                pipe(client, target);
                pipe(target, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // either side closed: the connection is over
            } finally {
                close(from);
                close(to);
            }
        }, "forwarder-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
