package io.hookpoint.optout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestHookpoint;

import com.twilio.security.RequestValidator;
import jakarta.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the opt-out tests share: every provider's inbound secret configured, replies signed as each provider
 * signs them (computed here on its own, Twilio's checked with Twilio's own validator), and looks at the list.
 */
final class OptOutTesting {
    static final String PUBLIC_URL = "https://sms.example.com";
    static final String TWILIO_TOKEN = "twilio-auth-token-for-tests";
    static final String VONAGE_SECRET = "vonage-signature-secret";
    static final String INFOBIP_TOKEN = "infobip-inbound-secret";
    static final String SINCH_TOKEN = "sinch-inbound-secret";
    static final String HTTP_TOKEN = "http-callback-secret";

    private OptOutTesting() {
    }

    /** The secrets of every provider, the gateway left as it is (log unless the test says otherwise). */
    static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("hookpoint.public.url", PUBLIC_URL);
        config.put("hookpoint.twilio.auth.token", TWILIO_TOKEN);
        config.put("hookpoint.vonage.signature.secret", VONAGE_SECRET);
        config.put("hookpoint.infobip.callback.token", INFOBIP_TOKEN);
        config.put("hookpoint.sinch.callback.token", SINCH_TOKEN);
        config.put("hookpoint.callback.token", HTTP_TOKEN);
        config.put("hookpoint.delivery.poll", "PT0.05S");
        return config;
    }

    static HttpsClient admin(HttpsClient client) {
        return client.withCredentials(TestHookpoint.ADMIN, TestHookpoint.ADMIN_PASSWORD);
    }

    /** The suppressed numbers, through the admin API. */
    static List<String> suppressed(HttpsClient client) {
        Reply reply = admin(client).get("/admin/v1/suppressions?limit=1000");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().getJsonObject("result").getJsonArray("suppressions").getValuesAs(JsonObject.class)
                .stream().map(o -> o.getString("number")).toList();
    }

    /** Sends an SMS and returns the answer. */
    static Reply send(HttpsClient client, String to) {
        return client.sendSms("optout-" + UUID.randomUUID(), "{\"to\":\"" + to + "\",\"text\":\"Offer\"}");
    }

    /** Twilio's incoming-message form, signed with {@code token}. */
    static Reply twilio(HttpsClient client, String from, String body, String token) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
        params.put("NumMedia", "0");
        params.put("SmsSid", params.get("SmsMessageSid"));
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", "+15005550006");
        params.put("NumSegments", "1");
        params.put("MessageSid", params.get("SmsMessageSid"));
        params.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        String url = PUBLIC_URL + "/callbacks/twilio/inbound";
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(new RequestValidator(token).validate(url, params, signature)).as("Twilio's validator").isTrue();
        return client.anonymous().send("POST", "/callbacks/twilio/inbound",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", signature),
                form(params).getBytes(StandardCharsets.UTF_8));
    }

    /** Vonage's inbound SMS as JSON, signed (md5hash) with {@code secret}. */
    static Reply vonage(HttpsClient client, String msisdn, String text, String secret) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("msisdn", msisdn);
        params.put("to", "447700900000");
        params.put("messageId", "0A0000000123ABCD1");
        params.put("text", text);
        params.put("type", "text");
        params.put("keyword", text.strip().split("\\s+")[0].toUpperCase());
        params.put("message-timestamp", "2026-12-01 10:00:00");
        params.put("timestamp", String.valueOf(System.currentTimeMillis() / 1000));
        params.put("nonce", UUID.randomUUID().toString());
        StringBuilder data = new StringBuilder();
        new TreeMap<>(params).forEach((name, value) -> data.append('&').append(name.replaceAll("[&=]", "_"))
                .append('=').append(value.replaceAll("[&=]", "_")));
        params.put("sig", HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((data + secret).getBytes(StandardCharsets.UTF_8))));
        String json = params.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return client.anonymous().send("POST", "/callbacks/vonage/inbound", Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Infobip's forwarded MO message (MO_JSON_2), the secret in the URL. */
    static Reply infobip(HttpsClient client, String from, String text, String token) {
        String json = """
                {"results":[{"messageId":"817790313235066447","from":"%s","to":"385921004026","text":"%s",
                "cleanText":"","keyword":"%s","receivedAt":"2026-12-01T10:00:00.000+0000","smsCount":1,
                "price":{"pricePerMessage":0,"currency":"EUR"},"callbackData":"callbackData"}],
                "messageCount":1,"pendingMessageCount":0}""".formatted(from, text, text.strip());
        return client.anonymous().send("POST", "/callbacks/infobip/inbound?token=" + token,
                Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sinch's MO text callback, the secret as a Basic password. */
    static Reply sinch(HttpsClient client, String from, String text, String token) {
        String json = """
                {"type":"mo_text","id":"01FC66621XXXXX119Z8PMV1QPQ","from":"%s","to":"12345","body":"%s",
                "operator_id":"35000","received_at":"2026-12-01T10:00:00.000Z"}""".formatted(from, text);
        return client.withCredentials("sinch", token).send("POST", "/callbacks/sinch/inbound",
                Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** The generic gateway's replies, with the Bearer token. */
    static Reply http(HttpsClient client, String from, String text, String token) {
        return client.withAuthorization("Bearer " + token).send("POST", "/callbacks/http/inbound",
                Map.of("Content-Type", "application/json"),
                ("{\"messages\":[{\"from\":\"" + from + "\",\"text\":\"" + text + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
