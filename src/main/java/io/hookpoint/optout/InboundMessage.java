package io.hookpoint.optout;

/**
 * A reply a provider forwarded, read from its inbound webhook.
 *
 * @param from the sender's number as the provider gave it (normalised to E.164 by the endpoint)
 * @param text the reply's text, or null (binary, media)
 */
public record InboundMessage(String from, String text) {
}
