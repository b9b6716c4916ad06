package io.hookpoint.testing;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import io.hookpoint.client.ApiClient;

/**
 * The generated partner SDK, pointed at a test server the way a partner would set it up, its answers
 * checked against the contract ({@link ContractCheckingHttpClient}).
 */
public final class Sdk {
    private Sdk() {
    }

    /**
     * An SDK client with Basic credentials.
     *
     * @param port        the server's port on localhost
     * @param certificate the certificate to trust
     * @param user        login
     * @param password    password
     * @return the client
     */
    public static ApiClient client(int port, Path certificate, String user, String password) {
        return client(port, certificate, user, password, "/api/v1");
    }

    /**
     * An SDK client for the operators' API ({@code AdminApi}): the same, pointed at {@code /admin/v1}, as
     * docs/sdk.md tells an operator to set it up.
     *
     * @param port        the server's port on localhost
     * @param certificate the certificate to trust
     * @param user        login (an admin's)
     * @param password    password
     * @return the client
     */
    public static ApiClient adminClient(int port, Path certificate, String user, String password) {
        return client(port, certificate, user, password, "/admin/v1");
    }

    /**
     * An SDK client for a partner's own adapter of the {@code http} gateway ({@code CallbacksApi}): pointed at
     * the service's root (callbacks are outside {@code /api/v1}), with {@code Authorization: Bearer} and the
     * callback secret, as docs/sdk.md tells a partner to set it up.
     *
     * @param port        the server's port on localhost
     * @param certificate the certificate to trust
     * @param token       {@code HOOKPOINT_CALLBACK_TOKEN}
     * @return the client
     */
    public static ApiClient callbackClient(int port, Path certificate, String token) {
        ApiClient client = new ApiClient(ContractCheckingHttpClient.wrap(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).sslContext(HttpsClient.trusting(certificate))),
                ApiClient.createDefaultObjectMapper(), "https://localhost:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private static ApiClient client(int port, Path certificate, String user, String password, String prefix) {
        ApiClient client = new ApiClient(
                // every answer checked against openapi.yaml before the SDK reads it
                ContractCheckingHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(HttpsClient.trusting(certificate))),
                ApiClient.createDefaultObjectMapper(),
                "https://localhost:" + port + prefix);
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + token));
        return client;
    }
}
