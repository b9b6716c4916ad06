package io.hookpoint.simulate;

import java.net.URI;

import io.hookpoint.simulate.EndpointClient.Exchange;

/** How the campaign sends one request; {@link EndpointClient} in the product, another client to compare. */
interface Transport {
    /**
     * Sends a POST and waits for the answer or a failure; never throws for a transport problem.
     *
     * @param url            where
     * @param authorization  the Authorization header, or null for none
     * @param idempotencyKey the Idempotency-Key header, or null for none
     * @param body           the JSON body (empty for none)
     * @return the exchange
     */
    Exchange post(URI url, String authorization, String idempotencyKey, String body);
}
