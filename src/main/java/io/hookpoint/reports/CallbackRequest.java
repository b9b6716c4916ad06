package io.hookpoint.reports;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonValue;

/**
 * A provider's callback as a {@link ReportReader} sees it, free of the web server's types.
 *
 * @param publicUrl   the URL the provider called, as the provider saw it ({@code HOOKPOINT_PUBLIC_URL} +
 *                    path + query; signatures of some providers cover it), or the local one when unset
 * @param headers     the headers, names in lower case
 * @param contentType the content type's media type in lower case ({@code application/json}), or empty
 * @param body        the body
 */
public record CallbackRequest(URI publicUrl, Map<String, List<String>> headers, Optional<String> contentType,
                              byte[] body) {

    /**
     * The values of a header.
     *
     * @param name the header's name, any case
     * @return its values, empty when absent
     */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * The body as JSON, for the providers that post JSON: a declared content type must be
     * {@code application/json} (none at all is taken as JSON).
     *
     * @return the parsed body
     * @throws ReportReader.CallbackRejected 415 for another content type, 400 (not JSON) for a body that is
     *                                       not valid JSON
     */
    public JsonValue json() throws ReportReader.CallbackRejected {
        if (contentType.isPresent() && !contentType.get().equals("application/json")) {
            throw new ReportReader.CallbackRejected(ReportReader.Refusal.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json.");
        }
        try {
            return JsonBodies.parse(body);
        } catch (JsonBodies.MalformedJsonException e) {
            throw new ReportReader.CallbackRejected(ReportReader.Refusal.NOT_JSON, "Request body is not valid JSON.");
        }
    }
}
