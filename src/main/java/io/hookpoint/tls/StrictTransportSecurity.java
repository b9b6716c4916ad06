package io.hookpoint.tls;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;

/** Every answer tells clients to use HTTPS only for this host for a year (HSTS). */
public final class StrictTransportSecurity {
    /** The header sent. */
    public static final Header HSTS = HeaderValues.createCached(HeaderNames.STRICT_TRANSPORT_SECURITY,
            "max-age=31536000");
    /** The filter that adds it. */
    public static final Filter FILTER = (chain, request, response) -> {
        response.header(HSTS);
        chain.proceed();
    };

    private StrictTransportSecurity() {
    }
}
