package io.hookpoint.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import io.hookpoint.tls.DevelopmentCertificate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Twilio for the lab: its Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, Basic
 * {@code sid:token}, a form, Twilio's JSON answers and error codes) over TLS, with the knobs' latency,
 * throttling (429, error 20429, {@code Retry-After: 1}) and outage (503, error 20500, or connections
 * refused); for each message it takes, the handset's fate comes back as signed status callbacks
 * ({@link Callbacks}: {@code sent}, then {@code delivered} or {@code undelivered} 30003, late, duplicated or
 * out of order), and a customer who stops replies STOP through the incoming-message webhook. It records
 * every call, the fate of every message and when Hookpoint acknowledged every STOP.
 */
final class TwilioLab implements AutoCloseable {
    static final String SID = "ACa1b2c3d4e5f60718293a4b5c6d7e8f90";
    static final String TOKEN = "lab-twilio-auth-token";
    static final String FROM = "+15005550006";

    /** One provider call: the message, the number, when, and the answer. */
    record Call(String messageId, String phone, long startMillis, long endMillis, int status, int code) {
        boolean taken() {
            return status / 100 == 2;
        }

        /** A refusal for good (not a throttle, not an outage). */
        boolean refused() {
            return status / 100 == 4 && status != 429;
        }
    }

    /** What became of a message at the handset, as the provider reported it. */
    record Fate(String status, String code) {
    }

    private final LabOptions options;
    private final Population population;
    private final Timeline timeline;
    private final Callbacks callbacks;
    private final URI hookpoint;
    private final SSLContext tls;
    private final DevelopmentCertificate.PemFiles pem;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Fate> fates = new ConcurrentHashMap<>();
    private final Map<String, Long> stopsAcknowledged = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inCall = new AtomicInteger();
    private final String expectedAuthorization = "Basic " + Base64.getEncoder()
            .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    private volatile HttpsServer server;
    private volatile boolean unavailable;
    private int port;

    TwilioLab(LabOptions options, Population population, Timeline timeline, Callbacks callbacks, URI hookpoint,
              Path directory) throws IOException {
        this.options = options;
        this.population = population;
        this.timeline = timeline;
        this.callbacks = callbacks;
        this.hookpoint = hookpoint;
        this.pem = LabTls.certificate(directory);
        this.tls = LabTls.server(pem);
        listen(0);
    }

    private void listen(int at) throws IOException {
        HttpsServer created = HttpsServer.create(new InetSocketAddress("127.0.0.1", at), 1000);
        created.setHttpsConfigurator(new HttpsConfigurator(tls));
        created.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        created.createContext("/", this::handle);
        created.start();
        port = created.getAddress().getPort();
        server = created;
    }

    URI url() {
        return URI.create("https://localhost:" + port);
    }

    Path certificate() {
        return pem.certificate();
    }

    /** The outage in 5xx mode: every call is answered 503 while on. */
    void unavailable(boolean on) {
        unavailable = on;
    }

    /** The outage in refused mode: the listener closes (connections refused) and opens again on the same port. */
    void refuse(boolean on) throws IOException {
        if (on) {
            server.stop(0);
        } else {
            listen(port);
        }
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    Map<String, Fate> fates() {
        return Map.copyOf(fates);
    }

    Map<String, Long> stopsAcknowledged() {
        return Map.copyOf(stopsAcknowledged);
    }

    int inCall() {
        return inCall.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.currentTimeMillis();
        inCall.incrementAndGet();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Map<String, String> form = decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!exchange.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + SID + "/Messages.json")) {
                answer(exchange, 404, error(20404, "The requested resource was not found", 404));
                return;
            }
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, error(20003, "Authenticate", 401));
                return;
            }
            String callback = form.getOrDefault("StatusCallback", "");
            String messageId = callback.contains("message_id=")
                    ? URLDecoder.decode(callback.substring(callback.indexOf("message_id=") + 11), StandardCharsets.UTF_8)
                    : "";
            String phone = form.getOrDefault("To", "");
            int number = Population.number(phone);
            int latency = options.latencyMillis() <= 0 ? 0
                    : (int) (options.latencyMillis() * (0.5 + ThreadLocalRandom.current().nextDouble()));
            Thread.sleep(latency);
            int status;
            int code = 0;
            String body;
            if (unavailable) {
                status = 503;
                code = 20500;
                body = error(code, "Service unavailable", status);
            } else if (ThreadLocalRandom.current().nextDouble() < options.throttleShare()) {
                status = 429;
                code = 20429;
                body = error(code, "Too Many Requests", status);
                exchange.getResponseHeaders().set("Retry-After", "1");
            } else if (number == 0 || population.rejected(number)) {
                status = 400;
                code = 21614;
                body = error(code, "'To' number is not a valid mobile number", status);
                fates.put(messageId, new Fate("rejected", "21614"));
            } else {
                status = 201;
                String sid = "SM" + messageId.replace("-", "");
                body = """
                        {"sid":"%s","status":"queued","num_segments":"1","price":null,"price_unit":"USD",\
                        "error_code":null,"error_message":null}""".formatted(sid);
                report(messageId, sid, phone, callback, number);
            }
            synchronized (calls) {
                calls.add(new Call(messageId, phone, start, System.currentTimeMillis(), status, code));
            }
            if (status == 201) {
                timeline.count(Timeline.Hop.PROVIDER, 1);
            }
            answer(exchange, status, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Hookpoint went away mid-call (killed): nothing to answer
        } finally {
            inCall.decrementAndGet();
        }
    }

    // the handset's fate as status callbacks, and a STOP reply from a customer who stops
    private void report(String messageId, String sid, String phone, String callback, int number) {
        boolean delivered = !population.undelivered(number);
        fates.put(messageId, delivered ? new Fate("delivered", null) : new Fate("undelivered", "30003"));
        URI url = URI.create(callback);
        long delay = options.reportDelayMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long first = (long) (delay * (0.5 + random.nextDouble()));
        long second = first + (long) (delay * (0.5 + random.nextDouble()));
        boolean reorder = random.nextDouble() < options.reportReorderShare();
        Map<String, String> sent = status(sid, phone, "sent", null);
        Map<String, String> last = status(sid, phone, delivered ? "delivered" : "undelivered", delivered ? null : "30003");
        callbacks.post(reorder ? second : first, url, sent, at -> { });
        callbacks.post(reorder ? first : second, url, last, at -> { });
        if (random.nextDouble() < options.reportDuplicateShare()) {
            callbacks.post(second + delay, url, last, at -> { });
        }
        if (delivered && population.stops(number) && stopped.add(phone)) {
            Map<String, String> stop = new LinkedHashMap<>();
            stop.put("MessageSid", "SM" + Long.toHexString(random.nextLong()) + "stop");
            stop.put("AccountSid", SID);
            stop.put("From", phone);
            stop.put("To", FROM);
            stop.put("Body", "STOP");
            stop.put("NumMedia", "0");
            callbacks.post(second + delay, hookpoint.resolve("/callbacks/twilio/inbound"), stop,
                    at -> stopsAcknowledged.put(phone, at));
        }
    }

    private static Map<String, String> status(String sid, String phone, String status, String errorCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("SmsSid", sid);
        form.put("AccountSid", SID);
        form.put("From", FROM);
        form.put("To", phone);
        form.put("MessageStatus", status);
        form.put("SmsStatus", status);
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    private static String error(int code, String message, int status) {
        return """
                {"code":%d,"message":"%s","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}"""
                .formatted(code, message, code, status);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> decoded = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                decoded.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return decoded;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
