package io.hookpoint.testing;

import java.util.Map;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The base of the tests that run against one Hookpoint server per class (Helidon's {@code @ServerTest}).
 * A subclass declares {@code @SetUpServer static void server(WebServerConfig.Builder b)} calling
 * {@link #setUp(WebServerConfig.Builder, Map)} with the settings it needs, and a constructor taking
 * the {@link WebServer}.
 */
@ServerTest
public abstract class HookpointServerTest {
    /** The service of the running test class. */
    protected static TestHookpoint hookpoint;
    /** A client with the default user's credentials. */
    protected final HttpsClient client;

    protected HookpointServerTest(WebServer server) {
        this.client = hookpoint.client(server.port());
    }

    /**
     * Builds the service and configures the test server with it.
     *
     * @param builder   the server builder of {@code @SetUpServer}
     * @param overrides config keys to set
     */
    protected static void setUp(WebServerConfig.Builder builder, Map<String, String> overrides) {
        hookpoint = TestHookpoint.create(overrides);
        hookpoint.configure(builder);
    }

    @AfterAll
    static void closeHookpoint() {
        hookpoint.close();
    }
}
