package io.hookpoint.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import com.sun.net.httpserver.HttpExchange;

/**
 * Infobip for the lab: {@code POST /sms/2/text/advanced}, {@code Authorization: App <key>}, JSON
 * {@code messages[0]} with one destination whose {@code messageId} is our id and a {@code notifyUrl}; answers
 * 200 with the message in status group 1 PENDING, or group 5 REJECTED_DESTINATION for a refused number,
 * 429 TOO_MANY_REQUESTS ({@code Retry-After: 1}), 503 in the outage. Infobip reports only the final status
 * ({@code results[]}: DELIVERED_TO_HANDSET, or UNDELIVERABLE_NOT_DELIVERED with error 27
 * EC_ABSENT_SUBSCRIBER) to the notify URL, which carries the callback token; the STOP reply is MO_JSON_2 to
 * {@code /callbacks/infobip/inbound?token=...}. Infobip signs neither: the token is the authentication.
 */
final class InfobipStub extends ProviderStub {
    static final String API_KEY = "lab-infobip-api-key";
    static final String CALLBACK_TOKEN = "lab-infobip-callback-token-0123456789";
    static final String FROM = "InfoSMS";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    InfobipStub(LabOptions options, Population population, Timeline timeline, Callbacks callbacks, URI hookpoint,
                Path directory) throws IOException {
        super(options, population, timeline, callbacks, hookpoint, directory);
    }

    @Override
    String name() {
        return "infobip";
    }

    @Override
    Map<String, String> environment() {
        return Map.of("HOOKPOINT_GATEWAY_TYPE", name(), "HOOKPOINT_INFOBIP_API_KEY", API_KEY,
                "HOOKPOINT_INFOBIP_FROM", FROM, "HOOKPOINT_INFOBIP_CALLBACK_TOKEN", CALLBACK_TOKEN,
                "HOOKPOINT_INFOBIP_URL", url().toString(), "HOOKPOINT_INFOBIP_TRUST", certificate().toString());
    }

    @Override
    String refusedCode() {
        return "REJECTED_DESTINATION";
    }

    @Override
    String undeliveredCode() {
        return "27";
    }

    @Override
    boolean reportsSent() {
        return false;
    }

    @Override
    String providerId(String messageId) {
        return messageId;   // the client's messageId is the message's id at Infobip
    }

    @Override
    Send read(HttpExchange exchange, byte[] body) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/sms/2/text/advanced")) {
            answer(exchange, error(404, "NOT_FOUND", "Not found"));
            return null;
        }
        if (!("App " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, error(401, "UNAUTHORIZED", "Invalid login details"));
            return null;
        }
        JsonObject message = first(Forms.json(body), "messages");
        JsonObject destination = first(message, "destinations");
        String notify = message.getString("notifyUrl", null);
        return new Send(destination.getString("messageId", ""), "+" + destination.getString("to", ""),
                notify == null ? null : URI.create(notify));
    }

    @Override
    Reply taken(Send send, String providerId) {
        return answer(send, providerId, """
                {"groupId":1,"groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED","description":"Message sent to next instance"}""");
    }

    @Override
    Reply refused(Send send) {
        return answer(send, send.messageId(), """
                {"groupId":5,"groupName":"REJECTED","id":14,"name":"REJECTED_DESTINATION","description":"Destination address is blocked"}""");
    }

    @Override
    Reply throttled() {
        Reply error = error(429, "TOO_MANY_REQUESTS", "Too many requests");
        return new Reply(429, error.body(), error.contentType(), Map.of("Retry-After", "1"));
    }

    @Override
    Reply unavailable() {
        return error(503, "GENERAL_ERROR", "Service unavailable");
    }

    @Override
    Callbacks.Outgoing report(Send send, String providerId, Stage stage) {
        String now = OffsetDateTime.now(ZoneOffset.UTC).format(TIME);
        String status = stage == Stage.UNDELIVERED
                ? """
                {"groupId":2,"groupName":"UNDELIVERABLE","id":5,"name":"UNDELIVERABLE_NOT_DELIVERED","description":"Message sent not delivered"}"""
                : """
                {"groupId":3,"groupName":"DELIVERED","id":5,"name":"DELIVERED_TO_HANDSET","description":"Message delivered to handset"}""";
        String error = stage == Stage.UNDELIVERED
                ? """
                {"groupId":1,"groupName":"HANDSET_ERRORS","id":%s,"name":"EC_ABSENT_SUBSCRIBER","description":"Absent Subscriber","permanent":false}"""
                .formatted(undeliveredCode())
                : """
                {"groupId":0,"groupName":"OK","id":0,"name":"NO_ERROR","description":"No Error","permanent":false}""";
        String body = """
                {"results":[{"bulkId":"lab-bulk","messageId":"%s","to":"%s","sentAt":"%s","doneAt":"%s","smsCount":1,\
                "mccMnc":"23003","price":{"pricePerMessage":0.01,"currency":"EUR"},"status":%s,"error":%s,\
                "callbackData":"%s"}]}""".formatted(providerId, send.phone().substring(1), now, now, status, error,
                send.messageId());
        return new Callbacks.Outgoing(send.callback(), "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Override
    Callbacks.Outgoing stop(String phone) {
        String now = OffsetDateTime.now(ZoneOffset.UTC).format(TIME);
        String body = """
                {"results":[{"messageId":"mo-%s","from":"%s","to":"41793026700","text":"STOP","cleanText":"",\
                "keyword":"STOP","receivedAt":"%s","smsCount":1,"price":{"pricePerMessage":0,"currency":"EUR"},\
                "callbackData":null}],"messageCount":1,"pendingMessageCount":0}"""
                .formatted(Long.toHexString(ThreadLocalRandom.current().nextLong()), phone.substring(1), now);
        return new Callbacks.Outgoing(URI.create(hookpoint.resolve("/callbacks/infobip/inbound") + "?token="
                + CALLBACK_TOKEN), "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Reply answer(Send send, String messageId, String status) {
        return new Reply(200, """
                {"bulkId":"lab-bulk","messages":[{"to":"%s","status":%s,"messageId":"%s","smsCount":1}]}"""
                .formatted(send.phone().substring(1), status, messageId));
    }

    private static JsonObject first(JsonObject json, String name) {
        return json.get(name) instanceof JsonArray array && !array.isEmpty() && array.get(0) instanceof JsonObject o
                ? o : JsonObject.EMPTY_JSON_OBJECT;
    }

    private static Reply error(int status, String id, String text) {
        return new Reply(status, """
                {"requestError":{"serviceException":{"messageId":"%s","text":"%s"}}}""".formatted(id, text));
    }
}
