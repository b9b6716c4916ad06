package io.hookpoint.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hookpoint.Hookpoint;
import io.hookpoint.auth.PasswordHash;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.tls.DevelopmentCertificate;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * A real Hookpoint for tests: its own directory with a SQLite file, a freshly made certificate for
 * localhost, two users, settings read through Helidon config as in production, port 0.
 */
public final class TestHookpoint implements AutoCloseable {
    /** The user Bloomreach would use. */
    public static final String USER = "bloomreach";
    /** Its password. */
    public static final String PASSWORD = "correct horse battery staple";
    /** A second user, to show that keys and messages are scoped per user. */
    public static final String OTHER_USER = "partner";
    /** Its password. */
    public static final String OTHER_PASSWORD = "another-long-secret";
    /** An operator: the admin role ({@code login:hash:admin}), for {@code /admin/v1}. */
    public static final String ADMIN = "operator";
    /** Its password. */
    public static final String ADMIN_PASSWORD = "operators-own-long-secret";
    // real PBKDF2, fewer iterations than production so that the suite stays quick
    private static final int TEST_ITERATIONS = 2_000;

    private final Path directory;
    private final DevelopmentCertificate.PemFiles certificate;
    private final Map<String, String> config;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Hookpoint hookpoint;
    private WebServer server;

    private TestHookpoint(Path directory, Map<String, String> overrides) {
        this.directory = directory;
        this.certificate = DevelopmentCertificate.create(
                new DevelopmentCertificate.PemFiles(directory.resolve("tls/cert.pem"), directory.resolve("tls/key.pem")),
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
        Map<String, String> config = new HashMap<>();
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("hookpoint.data", directory.resolve("data").toString());
        config.put("hookpoint.tls.cert", certificate.certificate().toString());
        config.put("hookpoint.tls.key", certificate.key().toString());
        config.put("hookpoint.users", USER + ":" + hash(PASSWORD) + "," + OTHER_USER + ":" + hash(OTHER_PASSWORD)
                + "," + ADMIN + ":" + hash(ADMIN_PASSWORD) + ":admin");
        config.putAll(overrides);
        this.config = config;
    }

    /**
     * The settings every provider's delivery test starts from: the provider gateway, short timeouts, a quick
     * backoff and poll, four attempts, and the public URL the provider calls back.
     *
     * @param gateway   the gateway type
     * @param publicUrl {@code HOOKPOINT_PUBLIC_URL}
     * @return the settings, to add the provider's own to
     */
    public static Map<String, String> providerConfig(String gateway, String publicUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("hookpoint.gateway.type", gateway);
        config.put("hookpoint.public.url", publicUrl);
        config.put("hookpoint.gateway.connect.timeout", "PT1S");
        config.put("hookpoint.gateway.read.timeout", "PT2S");
        config.put("hookpoint.delivery.backoff.initial", "PT0.1S");
        config.put("hookpoint.delivery.lease", "PT5S");
        config.put("hookpoint.delivery.poll", "PT0.05S");
        config.put("hookpoint.delivery.attempts", "4");
        return config;
    }

    /**
     * A test service with the default settings.
     *
     * @return the service, built but not listening
     */
    public static TestHookpoint create() {
        return create(Map.of());
    }

    /**
     * A test service.
     *
     * @param overrides config keys to set ({@code hookpoint.body.limit}, ...)
     * @return the service, built but not listening
     */
    public static TestHookpoint create(Map<String, String> overrides) {
        try {
            TestHookpoint test = new TestHookpoint(Files.createTempDirectory("hookpoint-test"), overrides);
            test.build();
            return test;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A test service on one of the store's engines (a fresh PostgreSQL database for
     * {@link TestDatabase.Engine#POSTGRESQL}).
     *
     * @param engine    the engine
     * @param overrides config keys to set
     * @return the service, built but not listening
     */
    public static TestHookpoint create(TestDatabase.Engine engine, Map<String, String> overrides) {
        if (engine == TestDatabase.Engine.SQLITE) {
            return create(overrides);
        }
        Map<String, String> config = new HashMap<>(overrides);
        config.put("hookpoint.db.url", TestDatabase.newPostgresDatabase());
        return create(config);
    }

    private void build() {
        // the overrides over application.yaml, as the environment is over it in production
        hookpoint = Hookpoint.create(HookpointConfig.of(config), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** The assembled service. */
    public Hookpoint hookpoint() {
        return hookpoint;
    }

    /**
     * Configures a server builder (for {@code @SetUpServer}).
     *
     * @param builder the builder
     */
    public void configure(WebServerConfig.Builder builder) {
        hookpoint.configure(builder);
    }

    /**
     * Starts a server of its own.
     *
     * @return the running server
     */
    public WebServer start() {
        server = hookpoint.start();
        return server;
    }

    /**
     * Stops the server and the service, and builds and starts them again on the same files.
     *
     * @return the new server
     */
    public WebServer restart() {
        stop();
        build();
        return start();
    }

    /** The certificate the server presents. */
    public Path certificate() {
        return certificate.certificate();
    }

    /** The working directory of this test service. */
    public Path directory() {
        return directory;
    }

    /** What the service printed for the operator. */
    public String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /**
     * A client for a server of this service, with the default user's credentials.
     *
     * @param port the server's port
     * @return the client
     */
    public HttpsClient client(int port) {
        return new HttpsClient(port, certificate.certificate()).withCredentials(USER, PASSWORD);
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (hookpoint != null) {
            hookpoint.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static String hash(String password) {
        return PasswordHash.create(password.toCharArray(), TEST_ITERATIONS).encoded();
    }
}
