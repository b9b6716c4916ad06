package io.hookpoint;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.hookpoint.apidocs.ApiDocs;
import io.hookpoint.auth.AuthCheckEndpoint;
import io.hookpoint.auth.BasicAuthentication;
import io.hookpoint.auth.DevelopmentUser;
import io.hookpoint.auth.FailedAuthThrottle;
import io.hookpoint.auth.HashedUserStore;
import io.hookpoint.auth.PasswordHash;
import io.hookpoint.auth.UserEntries;
import io.hookpoint.config.HookpointSettings;
import io.hookpoint.delivery.Dispatcher;
import io.hookpoint.idempotency.IdempotencyPurger;
import io.hookpoint.observe.Observability;
import io.hookpoint.observe.RequestMetrics;
import io.hookpoint.observe.ServiceMetrics;
import io.hookpoint.observe.StoreHealth;
import io.hookpoint.sms.SmsAcceptance;
import io.hookpoint.sms.SmsEndpoint;
import io.hookpoint.sms.SmsRequestParser;
import io.hookpoint.sms.StoredSms;
import io.hookpoint.store.Store;
import io.hookpoint.tls.CertificateReloader;
import io.hookpoint.tls.DevelopmentCertificate;
import io.hookpoint.tls.ServerTls;
import io.hookpoint.tls.StrictTransportSecurity;
import io.hookpoint.web.AmbiguousFraming;
import io.hookpoint.web.Answers;
import io.hookpoint.web.ErrorAnswers;
import io.hookpoint.web.FallbackRoutes;
import io.hookpoint.web.LoadShedding;
import io.hookpoint.web.RequestBodies;
import io.hookpoint.web.RequestIds;

import io.helidon.common.tls.Tls;
import io.helidon.health.HealthCheck;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;

/**
 * The assembled service: the store, the users, TLS and the routes, built from the settings. {@code Main}
 * starts it; tests configure a server with {@link #configure(WebServerConfig.Builder)} or start one.
 */
public final class Hookpoint implements AutoCloseable {
    /** The prefix of every operation (Bloomreach binds credentials to a prefix). */
    public static final String API_PREFIX = "/api/v1";
    /** The name of the optional plain-HTTP listener. */
    public static final String PLAIN_SOCKET = "plain";

    private final HookpointSettings settings;
    private final Store store;
    private final IdempotencyPurger purger;
    private final Dispatcher dispatcher;
    private final Tls tls;
    private final Answers answers;
    private final BasicAuthentication authentication;
    private final SmsEndpoint sms;
    private final AuthCheckEndpoint authCheck;
    private final ApiDocs apiDocs = ApiDocs.load();
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final RequestIds requestIds = new RequestIds();
    private final RequestMetrics requestMetrics = new RequestMetrics(metrics);
    private final AmbiguousFraming framing;
    private final LoadShedding shedding;
    private final List<HealthCheck> healthChecks;
    private final List<CertificateReloader> reloaders = new CopyOnWriteArrayList<>();

    private Hookpoint(HookpointSettings settings, Store store, Tls tls, HashedUserStore users) {
        this.settings = settings;
        this.store = store;
        this.tls = tls;
        this.answers = new Answers((int) settings.retryAfter().toSeconds());
        RequestBodies bodies = new RequestBodies(settings.bodyLimit());
        this.authentication = new BasicAuthentication(users,
                new FailedAuthThrottle(settings.authFailures(), settings.authWindow(), Clock.systemUTC()), answers);
        this.dispatcher = new Dispatcher(store, settings.gateway().create(), settings.delivery(), Clock.systemUTC());
        this.sms = new SmsEndpoint(
                new SmsAcceptance(store, new SmsRequestParser(settings.maxSegments()), dispatcher, Clock.systemUTC()),
                store, bodies, new RequestBodies(settings.batchBodyLimit()), settings.batchItems(), answers);
        this.authCheck = new AuthCheckEndpoint(bodies, answers);
        this.purger = new IdempotencyPurger(store, settings.retention(), Clock.systemUTC());
        this.framing = new AmbiguousFraming(answers);
        this.shedding = new LoadShedding(settings.inFlightLimit(), answers, metrics::shed);
        this.healthChecks = StoreHealth.checks(store::isWritable,
                Path.of(settings.store().url().replaceFirst("^jdbc:sqlite:", "")), settings.minFreeDisk());
        registerGauges();
    }

    private void registerGauges() {
        // dotted names; the Prometheus output turns dots into underscores and adds _total to counts
        metrics.gauge("hookpoint.requests.in.flight", "API requests being handled now", shedding::inFlight);
        metrics.count("hookpoint.store.commits", "Store transactions committed", store::commits);
        metrics.count("hookpoint.store.committed.writes", "Writes committed (over commits: the group size)",
                store::committedWrites);
        metrics.gauge("hookpoint.store.commit.seconds.total", "Time spent committing, in seconds",
                () -> store.commitNanos() / 1e9);
        metrics.gauge("hookpoint.store.pending.writes", "Writes waiting for the writer", store::pendingWrites);
        metrics.count("hookpoint.store.retried.writes", "Writes run again (PostgreSQL deadlock victims)",
                store::retriedWrites);
        metrics.gauges("hookpoint.messages", "Messages by status", "status",
                List.of(StoredSms.QUEUED, StoredSms.SENDING, StoredSms.SENT, StoredSms.FAILED),
                () -> store.read(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM sms_message GROUP BY status")
                        .reduceRows(new TreeMap<String, Long>(), (map, row) -> {
                            map.put(row.getColumn("status", String.class), row.getColumn("n", Long.class));
                            return map;
                        })));
    }

    /**
     * Builds the service: opens the store, loads the users and the TLS certificate, creating the
     * development user and certificate when none are configured.
     *
     * @param settings the settings
     * @param console  where start-up messages for the operator go
     * @return the service, not yet listening
     */
    public static Hookpoint create(HookpointSettings settings, PrintStream console) {
        Map<String, PasswordHash> users = settings.users()
                .map(UserEntries::parse)
                .orElseGet(() -> DevelopmentUser.ensure(settings.dataDirectory(), console));
        Tls tls;
        if (settings.tlsCertificate().isPresent()) {
            tls = ServerTls.load(settings.tlsCertificate().get(), settings.tlsKey().orElseThrow());
        } else {
            DevelopmentCertificate.PemFiles dev = DevelopmentCertificate.ensure(settings.dataDirectory().resolve("tls"));
            console.println("Using the self-signed development certificate " + dev.certificate()
                    + " (set HOOKPOINT_TLS_CERT and HOOKPOINT_TLS_KEY in production).");
            tls = ServerTls.load(dev.certificate(), dev.key());
        }
        Store store = Store.open(settings.store());
        Hookpoint hookpoint = new Hookpoint(settings, store, tls, new HashedUserStore(users));
        hookpoint.purger.start(settings.purgeInterval());
        hookpoint.dispatcher.start();
        return hookpoint;
    }

    /**
     * Configures a web server with this service's listener and routes.
     *
     * @param server the server builder
     */
    public void configure(WebServerConfig.Builder server) {
        server.host(settings.host())
                .port(settings.port())
                .tls(tls)
                // a backstop: the endpoints check the limits themselves, read an oversized body (up to
                // this much) and answer 413 in JSON; past it Helidon answers 413 and closes the connection
                .maxPayloadSize((long) Math.max(settings.bodyLimit(), settings.batchBodyLimit())
                        * RequestBodies.DRAIN_FACTOR)
                // Helidon's own limit (503 without Retry-After, connection closed) stays as a backstop
                .maxConcurrentRequests(settings.inFlightLimit() * 2)
                .directHandlers(ErrorAnswers.directHandlers())
                // Helidon's HTTP/1 traffic log writes every header, Authorization included, at FINE:
                // off, so that raising log levels for debugging can never leak credentials
                .addProtocol(Http1Config.builder().receiveLog(false).sendLog(false).build())
                .addFeature(Observability.feature(metrics, healthChecks, settings.plainHttpPort().isPresent()
                        ? List.of(WebServer.DEFAULT_SOCKET_NAME, PLAIN_SOCKET) : List.of(WebServer.DEFAULT_SOCKET_NAME)))
                .routing(this::routing);
        // plain HTTP only when asked for, for a TLS-terminating proxy in front: same routes and limits
        settings.plainHttpPort().ifPresent(port -> server.putSocket(PLAIN_SOCKET, socket -> socket
                .host(settings.host())
                .port(port)
                .maxPayloadSize((long) Math.max(settings.bodyLimit(), settings.batchBodyLimit())
                        * RequestBodies.DRAIN_FACTOR)
                .maxConcurrentRequests(settings.inFlightLimit() * 2)
                .directHandlers(ErrorAnswers.directHandlers())
                .addProtocol(Http1Config.builder().receiveLog(false).sendLog(false).build())
                .routing(HttpRouting.builder().update(this::routing))));
    }

    /**
     * Starts listening.
     *
     * @return the running server
     */
    public WebServer start() {
        WebServerConfig.Builder builder = WebServer.builder();
        configure(builder);
        WebServer server = builder.build().start();
        watchCertificate(server);
        return server;
    }

    /**
     * Swaps the server's certificate when the configured files change (not the development one).
     *
     * @param server the running server
     */
    public void watchCertificate(WebServer server) {
        if (settings.tlsCertificate().isPresent() && settings.tlsReload().isPositive()) {
            reloaders.add(new CertificateReloader(settings.tlsCertificate().get(), settings.tlsKey().orElseThrow(),
                    server, settings.tlsReload()));
        }
    }

    /**
     * The routes: authentication for everything under {@code /api}, the contract's operations, and
     * deliberate answers for everything else.
     *
     * @param routing the routing builder
     */
    public void routing(HttpRouting.Builder routing) {
        if (settings.benchMode()) {
            // the same server and TLS listener answering a constant: the baseline of make bench
            byte[] constant = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
            routing.route(Method.POST, "/bench/baseline", (request, response) -> {
                request.content().consume();
                response.header(HeaderNames.CONTENT_TYPE, "application/json");
                response.send(constant);
            });
        }
        // request id first (every log line has it), metrics around everything that answers
        routing.addFilter(requestIds)
                .addFilter(requestMetrics)
                .addFilter(framing)
                .addFilter(shedding);
        routing.addFilter(StrictTransportSecurity.FILTER);
        apiDocs.register(routing);
        routing.any("/api", authentication)
                .any("/api/*", authentication)
                .register(API_PREFIX + "/sms", sms)
                .register(API_PREFIX + "/auth/check", authCheck);
        FallbackRoutes.methodNotAllowed(routing, answers, API_PREFIX + "/sms", List.of(Method.POST));
        FallbackRoutes.methodNotAllowed(routing, answers, API_PREFIX + "/sms/batch", List.of(Method.POST));
        FallbackRoutes.methodNotAllowed(routing, answers, API_PREFIX + "/sms/{messageId}", List.of(Method.GET));
        FallbackRoutes.methodNotAllowed(routing, answers, API_PREFIX + "/auth/check",
                List.of(Method.GET, Method.POST));
        FallbackRoutes.notFound(routing, answers);
        ErrorAnswers.register(routing, answers);
    }

    /** The store (for tests and tools that inspect it). */
    public Store store() {
        return store;
    }

    /** The data directory. */
    public Path dataDirectory() {
        return settings.dataDirectory();
    }

    /** The metrics. */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** The dispatcher that delivers accepted messages. */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        reloaders.forEach(CertificateReloader::close);
        dispatcher.close();
        purger.close();
        store.close();
        metrics.close();
    }
}
