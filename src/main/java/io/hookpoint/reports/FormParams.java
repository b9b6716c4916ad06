package io.hookpoint.reports;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.hookpoint.reports.ReportReader.CallbackRejected;
import io.hookpoint.reports.ReportReader.Refusal;

/**
 * Name/value pairs of a form body or a URL's query ({@code application/x-www-form-urlencoded}), in the
 * order given, repeats kept: what providers that sign their parameters (Twilio, Vonage) sign.
 *
 * @param pairs each pair as {@code {name, value}}, decoded
 */
public record FormParams(List<String[]> pairs) {
    private static final int TEXT_LIMIT = 1024;

    /**
     * Decodes a form.
     *
     * @param form the encoded form, possibly empty
     * @return its pairs
     * @throws CallbackRejected (unreadable) when a pair cannot be decoded
     */
    public static FormParams parse(String form) throws CallbackRejected {
        List<String[]> params = new ArrayList<>();
        if (form == null || form.isEmpty()) {
            return new FormParams(params);
        }
        try {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.add(new String[] {name, value});
            }
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(Refusal.UNREADABLE, "The body is not a readable form.");
        }
        return new FormParams(List.copyOf(params));
    }

    /**
     * The query of a URL.
     *
     * @param url the URL
     * @return its query's pairs, none without a query
     * @throws CallbackRejected (unreadable) when a pair cannot be decoded
     */
    public static FormParams query(URI url) throws CallbackRejected {
        return parse(url.getRawQuery());
    }

    /**
     * The one value of a name.
     *
     * @param name the name
     * @return its value, null when absent or blank
     * @throws CallbackRejected (unreadable) when it is given twice or is longer than 1,024 characters
     */
    public String single(String name) throws CallbackRejected {
        String found = null;
        for (String[] p : pairs) {
            if (p[0].equals(name)) {
                if (found != null) {
                    throw new CallbackRejected(Refusal.UNREADABLE, name + " is given twice.");
                }
                found = p[1];
            }
        }
        if (found != null && found.length() > TEXT_LIMIT) {
            throw new CallbackRejected(Refusal.UNREADABLE, name + " is longer than " + TEXT_LIMIT + " characters.");
        }
        return found == null || found.isBlank() ? null : found;
    }

    /**
     * The one value of a name, if given.
     *
     * @param name the name
     * @return its value, empty when absent or blank
     * @throws CallbackRejected (unreadable) when it is given twice or too long
     */
    public Optional<String> optional(String name) throws CallbackRejected {
        return Optional.ofNullable(single(name));
    }
}
