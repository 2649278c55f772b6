package io.roster.command.auth.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Predicate;

/**
 * HiveMQ CE started in-process on free ports: a plain TCP listener and, when given key material, a TLS listener
 * that requires a client certificate. Every CONNECT goes through {@code hook}; HiveMQ's extension SDK hands the
 * authenticator the client certificate chain of the TLS session, which is what a gateway forwards to Roster.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private final EmbeddedHiveMQ hive;
    private final int tcpPort;
    private final int tlsPort;

    private EmbeddedMqttBroker(EmbeddedHiveMQ hive, int tcpPort, int tlsPort) {
        this.hive = hive;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
    }

    /**
     * @param serverKeyStore a key store with the broker's TLS key and certificate, or {@code null} for no TLS listener
     * @param clientTrust    the CAs client certificates must chain to (TLS layer), with {@code serverKeyStore}
     */
    public static EmbeddedMqttBroker start(Path workDir, Predicate<MqttConnectAttempt> hook, KeyStore serverKeyStore,
                                           KeyStore clientTrust) throws Exception {
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        int tcpPort = freePort();
        int tlsPort = serverKeyStore == null ? -1 : freePort();
        StringBuilder listeners = new StringBuilder()
                .append("<tcp-listener><port>").append(tcpPort).append("</port><bind-address>127.0.0.1</bind-address></tcp-listener>");
        if (serverKeyStore != null) {
            Path keyStorePath = store(serverKeyStore, workDir.resolve("server.p12"));
            Path trustStorePath = store(clientTrust, workDir.resolve("trust.p12"));
            listeners.append("<tls-tcp-listener><port>").append(tlsPort).append("</port><bind-address>127.0.0.1</bind-address><tls>")
                    .append("<keystore><path>").append(keyStorePath).append("</path><password>changeit</password>")
                    .append("<private-key-password>changeit</private-key-password></keystore>")
                    .append("<truststore><path>").append(trustStorePath).append("</path><password>changeit</password></truststore>")
                    .append("<client-authentication-mode>REQUIRED</client-authentication-mode>")
                    .append("</tls></tls-tcp-listener>");
        }
        Files.writeString(conf.resolve("config.xml"), "<?xml version=\"1.0\"?>\n<hivemq><listeners>" + listeners
                + "</listeners><persistence><mode>in-memory</mode></persistence>"
                + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>\n");
        EmbeddedExtension extension = EmbeddedExtension.builder()
                .withId("roster-auth").withName("Roster device authentication").withVersion("0")
                .withAuthor("roster").withPriority(1000).withStartPriority(1000)
                .withExtensionMain(new HookExtension(hook))
                .build();
        EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(workDir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(workDir.resolve("extensions")))
                .withEmbeddedExtension(extension)
                .build();
        hive.start().join();
        return new EmbeddedMqttBroker(hive, tcpPort, tlsPort);
    }

    public String tcpUri() {
        return "tcp://127.0.0.1:" + tcpPort;
    }

    public String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    @Override
    public void close() throws Exception {
        hive.stop().join();
        hive.close();
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

    private record HookExtension(Predicate<MqttConnectAttempt> hook) implements ExtensionMain {

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> new HookAuthenticator(hook));
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }

    /** Calls the hook inline; a real one calling Roster over HTTP would use {@code output.async(...)}. */
    private record HookAuthenticator(Predicate<MqttConnectAttempt> hook) implements SimpleAuthenticator {

        @Override
        public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
            var connect = input.getConnectPacket();
            byte[] password = connect.getPassword().map(EmbeddedMqttBroker::bytes).orElse(null);
            List<X509Certificate> chain = input.getConnectionInformation().getClientTlsInformation()
                    .flatMap(ClientTlsInformation::getClientCertificateChain)
                    .map(List::of)
                    .orElse(List.of());
            MqttConnectAttempt attempt = new MqttConnectAttempt(connect.getClientId(),
                    connect.getUserName().orElse(null), password, chain);
            if (hook.test(attempt)) {
                output.authenticateSuccessfully();
            } else {
                output.failAuthentication();
            }
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
