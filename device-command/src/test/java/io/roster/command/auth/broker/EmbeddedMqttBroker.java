package io.roster.command.auth.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * HiveMQ CE started in-process on free ports, with named listeners: plain TCP ones and mutual-TLS ones that require
 * a client certificate. Every CONNECT goes through the hook — the gateway's authentication call — off HiveMQ's
 * event loop, since a real hook blocks on HTTP. HiveMQ's extension SDK hands the authenticator the client
 * certificate chain of the TLS session, which is what a gateway forwards to Roster.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();
    private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(15);

    private final EmbeddedHiveMQ hive;
    private final Map<String, String> uris;

    private EmbeddedMqttBroker(EmbeddedHiveMQ hive, Map<String, String> uris) {
        this.hive = hive;
        this.uris = uris;
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** The URI Paho connects to for the listener called {@code name} ({@code tcp://} or {@code ssl://}). */
    public String uri(String name) {
        return Objects.requireNonNull(uris.get(name), () -> "no listener " + name);
    }

    @Override
    public void close() throws Exception {
        hive.stop().join();
        hive.close();
    }

    /** Listeners and the authentication hook of a broker to start. */
    public static final class Builder {

        private final Path workDir;
        private final StringBuilder listeners = new StringBuilder();
        private final Map<Integer, String> namesByPort = new HashMap<>();
        private final Map<String, String> uris = new LinkedHashMap<>();

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        public Builder tcp(String name) throws IOException {
            int port = freePort();
            listeners.append("<tcp-listener><port>").append(port)
                    .append("</port><bind-address>127.0.0.1</bind-address></tcp-listener>");
            return named(name, port, "tcp");
        }

        /**
         * @param serverKeyStore the broker's TLS key and certificate
         * @param clientTrust    the CAs client certificates must chain to for the handshake to succeed; whether the
         *                       certificate belongs to the device is for the hook (Roster) to decide
         */
        public Builder mutualTls(String name, KeyStore serverKeyStore, KeyStore clientTrust) throws Exception {
            int port = freePort();
            Path keyStorePath = store(serverKeyStore, workDir.resolve(name + "-server.p12"));
            Path trustStorePath = store(clientTrust, workDir.resolve(name + "-trust.p12"));
            listeners.append("<tls-tcp-listener><port>").append(port).append("</port><bind-address>127.0.0.1</bind-address><tls>")
                    .append("<keystore><path>").append(keyStorePath).append("</path><password>changeit</password>")
                    .append("<private-key-password>changeit</private-key-password></keystore>")
                    .append("<truststore><path>").append(trustStorePath).append("</path><password>changeit</password></truststore>")
                    .append("<client-authentication-mode>REQUIRED</client-authentication-mode>")
                    .append("</tls></tls-tcp-listener>");
            return named(name, port, "ssl");
        }

        /** Starts the broker; {@code hook} decides every CONNECT (false or an exception refuses it). */
        public EmbeddedMqttBroker start(Predicate<MqttConnectAttempt> hook) throws Exception {
            Path conf = Files.createDirectories(workDir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), "<?xml version=\"1.0\"?>\n<hivemq><listeners>" + listeners
                    + "</listeners><persistence><mode>in-memory</mode></persistence>"
                    + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>\n");
            EmbeddedExtension extension = EmbeddedExtension.builder()
                    .withId("roster-auth").withName("Roster device authentication").withVersion("0")
                    .withAuthor("roster").withPriority(1000).withStartPriority(1000)
                    .withExtensionMain(new HookExtension(new HookAuthenticator(hook, Map.copyOf(namesByPort))))
                    .build();
            EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(workDir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(workDir.resolve("extensions")))
                    .withEmbeddedExtension(extension)
                    .build();
            hive.start().join();
            return new EmbeddedMqttBroker(hive, Map.copyOf(uris));
        }

        private Builder named(String name, int port, String scheme) {
            if (uris.putIfAbsent(name, scheme + "://127.0.0.1:" + port) != null) {
                throw new IllegalArgumentException("listener " + name + " defined twice");
            }
            namesByPort.put(port, name);
            return this;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path store(KeyStore keyStore, Path path) throws Exception {
        try (OutputStream out = Files.newOutputStream(path)) {
            keyStore.store(out, STORE_PASSWORD);
        }
        return path.toAbsolutePath();
    }

    private record HookExtension(HookAuthenticator authenticator) implements ExtensionMain {

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }

    /** Hands the attempt to the hook on the extension executor, as HiveMQ asks of blocking authenticators. */
    private record HookAuthenticator(Predicate<MqttConnectAttempt> hook, Map<Integer, String> namesByPort)
            implements SimpleAuthenticator {

        @Override
        public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
            MqttConnectAttempt attempt = attempt(input);
            Async<SimpleAuthOutput> async = output.async(HOOK_TIMEOUT, TimeoutFallback.FAILURE);
            Services.extensionExecutorService().submit(() -> {
                try {
                    if (hook.test(attempt)) {
                        output.authenticateSuccessfully();
                    } else {
                        output.failAuthentication();
                    }
                } catch (RuntimeException e) {
                    output.failAuthentication();
                } finally {
                    async.resume();
                }
            });
        }

        private MqttConnectAttempt attempt(SimpleAuthInput input) {
            var connect = input.getConnectPacket();
            ConnectionInformation connection = input.getConnectionInformation();
            String listener = connection.getListener().map(Listener::getPort).map(namesByPort::get).orElse(null);
            String peerHost = connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null);
            byte[] password = connect.getPassword().map(EmbeddedMqttBroker::bytes).orElse(null);
            List<X509Certificate> chain = connection.getClientTlsInformation()
                    .flatMap(ClientTlsInformation::getClientCertificateChain)
                    .map(List::of)
                    .orElse(List.of());
            return new MqttConnectAttempt(listener, peerHost, connect.getClientId(), connect.getUserName().orElse(null),
                    password, chain);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
