package io.hookpoint.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;

import io.hookpoint.tls.DevelopmentCertificate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A provider for the lab: an HTTPS server speaking one provider's send API ({@link TwilioStub},
 * {@link VonageStub}, {@link InfobipStub}, {@link SinchStub}) with the knobs' latency, throttling, outage
 * (5xx or connections refused) and permanent refusals; for each message it takes, {@link Handsets} sends the
 * handset's fate back as delivery reports and a STOP from a customer who stops. This class holds what every
 * provider shares: the listener, the knobs and the record of every call; a subclass reads and writes the
 * wire format and encodes and authenticates its reports the provider's way.
 */
abstract class ProviderStub implements AutoCloseable {
    static {
        LabTls.keepIdleConnections();
    }

    /** How the stub answered a send. */
    enum Answer { TAKEN, REFUSED, THROTTLED, UNAVAILABLE, OTHER }

    /** One provider call: the message, the number, when, the HTTP status, how it was meant and the provider's code. */
    record Call(String messageId, String phone, long startMillis, long endMillis, int status, Answer answer,
                String code) {
        boolean taken() {
            return answer == Answer.TAKEN;
        }

        /** A refusal for good (not a throttle, not an outage). */
        boolean refused() {
            return answer == Answer.REFUSED;
        }
    }

    /** What became of a message at the handset, as the provider reported it. */
    record Fate(String status, String code) {
    }

    /** A send as the stub read it: our message id, the number (E.164 with +), where reports go. */
    record Send(String messageId, String phone, URI callback) {
    }

    /** The stub's answer to a call: status, body, content type, extra headers. */
    record Reply(int status, String body, String contentType, Map<String, String> headers) {
        Reply(int status, String body) {
            this(status, body, "application/json", Map.of());
        }
    }

    /** A report's stage: the provider took it to the network, or the handset's final word. */
    enum Stage { SENT, DELIVERED, UNDELIVERED }

    protected final LabOptions options;
    protected final Population population;
    protected final URI hookpoint;
    private final Timeline timeline;
    private final Handsets handsets;
    private final SSLContext tls;
    private final DevelopmentCertificate.PemFiles pem;
    private final ProviderCalls calls = new ProviderCalls();
    private volatile HttpsServer server;
    private volatile boolean unavailable;
    private volatile Send lastSend;
    private int port;

    protected ProviderStub(LabOptions options, Population population, Timeline timeline, Callbacks callbacks,
                           URI hookpoint, Path directory) throws IOException {
        this.options = options;
        this.population = population;
        this.timeline = timeline;
        this.handsets = new Handsets(options, population, callbacks);
        this.hookpoint = hookpoint;
        this.pem = LabTls.certificate(Files.createDirectories(directory));
        this.tls = LabTls.server(pem);
        listen(0);
    }

    /**
     * The stub of a provider.
     *
     * @return the stub, listening
     * @throws IllegalArgumentException for a provider the lab does not play
     */
    static ProviderStub create(LabOptions options, Population population, Timeline timeline, Callbacks callbacks,
                               URI hookpoint, Path directory) throws IOException {
        Path dir = directory.resolve(options.provider() + "-tls");
        return switch (options.provider()) {
            case "twilio" -> new TwilioStub(options, population, timeline, callbacks, hookpoint, dir);
            case "vonage" -> new VonageStub(options, population, timeline, callbacks, hookpoint, dir);
            case "infobip" -> new InfobipStub(options, population, timeline, callbacks, hookpoint, dir);
            case "sinch" -> new SinchStub(options, population, timeline, callbacks, hookpoint, dir);
            default -> throw new IllegalArgumentException("the lab does not play " + options.provider());
        };
    }

    /** The providers the lab plays. */
    static final List<String> PROVIDERS = List.of("twilio", "vonage", "infobip", "sinch");

    /** {@code HOOKPOINT_GATEWAY_TYPE}. */
    abstract String name();

    /** Hookpoint's settings for this provider (credentials, URL, trust, callback secret), type included. */
    abstract Map<String, String> environment();

    /** The code Hookpoint keeps when the provider refuses a number for good (Twilio 21614). */
    abstract String refusedCode();

    /** The code of an unreachable handset's report (Twilio 30003). */
    abstract String undeliveredCode();

    /**
     * Reads a call: answers it and returns null when it is not a send (a wrong path or credentials, a look-up).
     *
     * @param exchange the call
     * @param body     its body
     * @return the send, or null when already answered
     */
    abstract Send read(HttpExchange exchange, byte[] body) throws IOException;

    /** The answer for a send taken; its provider id is {@link #providerId}. */
    abstract Reply taken(Send send, String providerId);

    /** The answer refusing the number for good, with {@link #refusedCode()}. */
    abstract Reply refused(Send send);

    /** The provider's "too many requests". */
    abstract Reply throttled();

    /** The answer during a 5xx outage. */
    abstract Reply unavailable();

    /** A delivery report, encoded and signed when it is sent (so a signature's time is fresh). */
    abstract Callbacks.Outgoing report(Send send, String providerId, Stage stage);

    /** A STOP reply from the phone, to {@code /callbacks/{name}/inbound}, encoded and signed when sent. */
    abstract Callbacks.Outgoing stop(String phone);

    /** Whether the provider reports the {@code sent} stage (Infobip reports only the final status). */
    boolean reportsSent() {
        return true;
    }

    /** The provider's id of a message it took. */
    String providerId(String messageId) {
        return "SM" + messageId.replace("-", "");
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

    /** What the stub saw of Hookpoint's calls. */
    ProviderCalls calls() {
        return calls;
    }

    Map<String, Fate> fates() {
        return handsets.fates();
    }

    Map<String, Long> stopsAcknowledged() {
        return handsets.stopsAcknowledged();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = calls.began();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Send send = read(exchange, in.readAllBytes());
            if (send == null) {
                return;
            }
            lastSend = send;
            int number = Population.number(send.phone());
            if (options.latencyMillis() > 0) {
                Thread.sleep((long) (options.latencyMillis() * (0.5 + ThreadLocalRandom.current().nextDouble())));
            }
            Reply reply;
            Answer answer;
            String code = null;
            if (unavailable) {
                reply = unavailable();
                answer = Answer.UNAVAILABLE;
            } else if (ThreadLocalRandom.current().nextDouble() < options.throttleShare()) {
                reply = throttled();
                answer = Answer.THROTTLED;
            } else if (number == 0 || population.rejected(number)) {
                reply = refused(send);
                answer = Answer.REFUSED;
                code = refusedCode();
                handsets.refused(send.messageId(), code);
            } else {
                String providerId = providerId(send.messageId());
                reply = taken(send, providerId);
                answer = Answer.TAKEN;
                handsets.taken(this, send, providerId, number);
            }
            calls.add(new Call(send.messageId(), send.phone(), start, System.currentTimeMillis(), reply.status(),
                    answer, code));
            if (answer == Answer.TAKEN) {
                timeline.count(Timeline.Hop.PROVIDER, 1);
            }
            answer(exchange, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Hookpoint went away mid-call (killed): nothing to answer
        } finally {
            calls.ended();
        }
    }

    /** Answers a call that is not a send (an error, a look-up): recorded nowhere. */
    protected static void answer(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The last send the stub read (for tests that forge its report). */
    Send lastSend() {
        return lastSend;
    }

    /** A report of a send, encoded and signed now (for tests that send one by hand). */
    Callbacks.Outgoing reportOf(Send send, Stage stage) {
        return report(send, providerId(send.messageId()), stage);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
