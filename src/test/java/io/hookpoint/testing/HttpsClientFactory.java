package io.hookpoint.testing;

import java.nio.file.Path;

/** Clients for servers that were not started through {@link TestHookpoint} (another process). */
public final class HttpsClientFactory {
    private HttpsClientFactory() {
    }

    /**
     * A client without credentials.
     *
     * @param port        the server's port on localhost
     * @param certificate the certificate to trust
     * @return the client
     */
    public static HttpsClient create(int port, Path certificate) {
        return new HttpsClient(port, certificate);
    }
}
