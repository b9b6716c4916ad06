package io.hookpoint;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.hookpoint.apidocs.ApiDocs;
import io.hookpoint.auth.AuthCheckEndpoint;
import io.hookpoint.auth.BasicAuthentication;
import io.hookpoint.auth.FailedAuthThrottle;
import io.hookpoint.auth.HashedUserStore;
import io.hookpoint.auth.AuthSettings;
import io.hookpoint.auth.RoleGuard;
import io.hookpoint.auth.UsersFile;
import io.hookpoint.bloomreach.BloomreachExport;
import io.hookpoint.config.HookpointConfig;
import io.hookpoint.delivery.DeliverySettings;
import io.hookpoint.delivery.Dispatcher;
import io.hookpoint.delivery.GatewaySettings;
import io.hookpoint.delivery.SmsGateway;
import io.hookpoint.idempotency.CommittedAnswers;
import io.hookpoint.idempotency.IdempotencyPurger;
import io.hookpoint.idempotency.IdempotencySettings;
import io.hookpoint.lab.LabFaults;
import io.hookpoint.observe.Observability;
import io.hookpoint.observe.RequestMetrics;
import io.hookpoint.observe.ServiceMetrics;
import io.hookpoint.observe.StoreMetrics;
import io.hookpoint.observe.StoreHealth;
import io.hookpoint.optout.OptOutGuard;
import io.hookpoint.optout.OptOuts;
import io.hookpoint.providers.Providers;
import io.hookpoint.reports.CallbackEndpoint;
import io.hookpoint.reports.CallbackSettings;
import io.hookpoint.reports.DeliveryReports;
import io.hookpoint.sms.ContentPurger;
import io.hookpoint.sms.MessageRepository;
import io.hookpoint.sms.SmsAcceptance;
import io.hookpoint.sms.SmsEndpoint;
import io.hookpoint.sms.SmsRequestParser;
import io.hookpoint.sms.SmsSettings;
import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StatusChanges;
import io.hookpoint.store.PrivateFiles;
import io.hookpoint.store.Store;
import io.hookpoint.store.StoreSettings;
import io.hookpoint.tls.CertificateReloader;
import io.hookpoint.tls.ServerTls;
import io.hookpoint.tls.StrictTransportSecurity;
import io.hookpoint.tls.TlsSettings;
import io.hookpoint.web.AmbiguousFraming;
import io.hookpoint.web.BenchBaseline;
import io.hookpoint.web.Answers;
import io.hookpoint.web.ErrorAnswers;
import io.hookpoint.web.FallbackRoutes;
import io.hookpoint.web.LoadShedding;
import io.hookpoint.web.Operations;
import io.hookpoint.web.RequestBodies;
import io.hookpoint.web.RequestIds;
import io.hookpoint.web.WebSettings;

import io.helidon.common.tls.Tls;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/**
 * The assembled service: the store, the users, TLS and the routes, built from the config. {@code Main}
 * starts it; tests configure a server with {@link #configure(WebServerConfig.Builder)} or start one.
 */
public final class Hookpoint implements AutoCloseable {
    /** The prefix of every operation (Bloomreach binds credentials to a prefix). */
    public static final String API_PREFIX = "/api/v1";
    /** The name of the optional plain-HTTP listener. */
    public static final String PLAIN_SOCKET = "plain";

    private final Config serverConfig;
    private final Path dataDirectory;
    private final TlsSettings tlsSettings;
    private final Optional<Integer> plainHttpPort;
    private final boolean benchMode;
    private final Store store;
    private final IdempotencyPurger purger;
    private final ContentPurger contentPurger;
    private final IdempotencySettings idempotency;
    private final Dispatcher dispatcher;
    private final BloomreachExport bloomreach;
    private final OptOuts optOuts;
    private final Tls tls;
    private final Answers answers;
    private final BasicAuthentication authentication;
    private final SmsEndpoint sms;
    private final AuthCheckEndpoint authCheck;
    private final CallbackEndpoint callbacks;
    private final ApiDocs apiDocs = ApiDocs.load();
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final RequestIds requestIds = new RequestIds();
    private final RequestMetrics requestMetrics = new RequestMetrics(metrics);
    private final AmbiguousFraming framing;
    private final LoadShedding shedding;
    private final List<HealthCheck> healthChecks;
    // what watches files for changes (the certificate, HOOKPOINT_USERS_FILE), closed with the service
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    // each feature reads its own part of the config; the checks that span two features are made here
    private Hookpoint(Config config, StoreSettings storeSettings, Store store, TlsSettings tlsSettings, Tls tls,
                      HashedUserStore users, AuthSettings auth) {
        Config hookpoint = config.get("hookpoint");
        this.serverConfig = config.get("server");
        this.dataDirectory = Path.of(hookpoint.get("data").asString().get());
        this.tlsSettings = tlsSettings;
        this.plainHttpPort = HookpointConfig.optional(hookpoint.get("http.port")).map(Integer::valueOf);
        this.benchMode = hookpoint.get("bench").asBoolean().get();
        this.store = store;
        this.tls = tls;
        WebSettings web = WebSettings.from(hookpoint);
        SmsSettings smsSettings = SmsSettings.from(hookpoint);
        GatewaySettings gateway = GatewaySettings.from(hookpoint.get("gateway"));
        DeliverySettings delivery = DeliverySettings.from(hookpoint.get("delivery"));
        int inFlightLimit = hookpoint.get("inflight.limit").asInt().get();
        web.requireListenerBackstops(serverConfig, inFlightLimit);
        this.answers = new Answers((int) web.retryAfter().toSeconds());
        RequestBodies bodies = new RequestBodies(web.bodyLimit());
        this.authentication = new BasicAuthentication(users,
                new FailedAuthThrottle(auth.failures(), auth.window(), Clock.systemUTC()), answers);
        CallbackSettings callbackSettings = CallbackSettings.from(hookpoint);
        Providers providers = Providers.standard();
        this.bloomreach = BloomreachExport.from(hookpoint.get("bloomreach"), store, Clock.systemUTC());
        this.optOuts = OptOuts.from(hookpoint.get("optout"), store, bloomreach.consents(),
                providers.inboundReaders(hookpoint, callbackSettings), bodies, answers, callbackSettings.publicUrl(),
                Clock.systemUTC());
        SmsGateway sender = LabFaults.gateway(providers.gateway(hookpoint, gateway, callbackSettings));
        StatusChanges changes = LabFaults.changes(bloomreach.changes());
        OptOutGuard guard = LabFaults.guard(optOuts.guard());
        this.dispatcher = new Dispatcher(store, sender, delivery, delivery.requireLeaseLongerThan(gateway,
                sender.callsPerSend()), Clock.systemUTC(), changes, guard);
        DeliveryReports reports = new DeliveryReports(store, Clock.systemUTC(), changes, guard);
        this.callbacks = new CallbackEndpoint(providers.reportReaders(hookpoint, callbackSettings), reports, bodies,
                answers, callbackSettings.publicUrl());
        metrics.count("hookpoint.reports.unknown", "Delivery reports for messages we do not have", reports::unknown);
        MessageRepository messages = new MessageRepository(store);
        this.idempotency = IdempotencySettings.from(hookpoint.get("idempotency"));
        this.sms = new SmsEndpoint(new SmsAcceptance(store, new SmsRequestParser(smsSettings.maxSegments()), dispatcher,
                Clock.systemUTC(), guard, new CommittedAnswers(idempotency.retention(), idempotency.remembered(),
                Clock.systemUTC())), messages, bloomreach.events(), bodies,
                new RequestBodies(web.batchBodyLimit()), smsSettings.batchItems(), answers);
        this.authCheck = new AuthCheckEndpoint(bodies, answers);
        this.purger = new IdempotencyPurger(store, idempotency.retention(), Clock.systemUTC());
        this.contentPurger = ContentPurger.from(hookpoint.get("content"), store, metrics, Clock.systemUTC());
        this.framing = new AmbiguousFraming(answers);
        this.shedding = new LoadShedding(inFlightLimit, answers, metrics::shed);
        this.healthChecks = StoreHealth.checks(store::isWritable, Path.of(storeSettings.url()
                .replaceFirst("^jdbc:sqlite:", "")), hookpoint.get("health.disk.min").asLong().get());
        registerGauges(messages);
    }

    private void registerGauges(MessageRepository messages) {
        metrics.gauge("hookpoint.requests.in.flight", "API requests being handled now", shedding::inFlight);
        StoreMetrics.register(metrics, store);
        bloomreach.registerMetrics(metrics);
        optOuts.registerMetrics(metrics);
        metrics.count("hookpoint.delivery.throttles", "Provider throttles and account refusals", dispatcher::throttles);
        metrics.gauges("hookpoint.messages", "Messages by status", "status",
                Arrays.stream(SmsStatus.values()).map(SmsStatus::label).toList(), messages::countByLabel);
    }

    /**
     * Builds the service: opens the store, loads the users and the TLS certificate, creating the
     * development user and certificate when none are configured.
     *
     * @param config  the root config ({@code server} and {@code hookpoint}, see {@code application.yaml})
     * @param console where start-up messages for the operator go
     * @return the service, not yet listening
     * @throws IllegalArgumentException when a setting is out of range
     */
    public static Hookpoint create(Config config, PrintStream console) {
        Config hookpoint = config.get("hookpoint");
        // the data directory holds phone numbers, texts and keys: owner-only (0700)
        Path data = PrivateFiles.directory(Path.of(hookpoint.get("data").asString().get()));
        AuthSettings auth = AuthSettings.from(hookpoint);
        TlsSettings tlsSettings = TlsSettings.from(hookpoint.get("tls"));
        StoreSettings storeSettings = StoreSettings.from(hookpoint.get("db"));
        Tls tls = ServerTls.of(tlsSettings, data, console);
        HashedUserStore users = auth.usersFile().isPresent() ? HashedUserStore.of(auth, data, console)
                : HookpointConfig.naming("hookpoint.users", () -> HashedUserStore.of(auth, data, console));
        Store store = Store.open(storeSettings);
        Hookpoint service;
        try {
            service = new Hookpoint(config, storeSettings, store, tlsSettings, tls, users, auth);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        auth.usersFile().ifPresent(file -> service.watchers.add(UsersFile.watch(file, users, auth.reload(),
                service.metrics)::close));
        service.purger.start(service.idempotency.purge());
        service.contentPurger.start();
        service.dispatcher.start();
        service.bloomreach.start();
        service.optOuts.start();
        return service;
    }

    /** Configures a server builder: listener options from {@code server:}, here the certificate and routes. */
    public void configure(WebServerConfig.Builder server) {
        server.config(serverConfig)
                .tls(tls)
                .directHandlers(ErrorAnswers.directHandlers())
                .addFeature(Observability.feature(metrics, healthChecks, plainHttpPort.isPresent()
                        ? List.of(WebServer.DEFAULT_SOCKET_NAME, PLAIN_SOCKET) : List.of(WebServer.DEFAULT_SOCKET_NAME)))
                .routing(this::routing);
        // plain HTTP only when asked for, for a TLS-terminating proxy in front: the same options from
        // server: (read again, not copied in Java), its own port, no TLS, the same routes
        plainHttpPort.ifPresent(port -> server.putSocket(PLAIN_SOCKET, socket -> socket
                .config(serverConfig)
                .name(PLAIN_SOCKET)
                .port(port)
                .directHandlers(ErrorAnswers.directHandlers())
                .routing(HttpRouting.builder().update(this::routing))));
    }

    /** Starts listening; returns the running server. */
    public WebServer start() {
        WebServerConfig.Builder builder = WebServer.builder();
        configure(builder);
        WebServer server = builder.build().start();
        watchCertificate(server);
        return server;
    }

    /** Swaps the running server's certificate when the configured files change (not the development one). */
    public void watchCertificate(WebServer server) {
        CertificateReloader.watch(tlsSettings, server).ifPresent(reloader -> watchers.add(reloader::close));
    }

    /** Adds the routes: authentication and roles for {@code /api} and {@code /admin}, the operations, the rest. */
    public void routing(HttpRouting.Builder routing) {
        if (benchMode) {
            BenchBaseline.register(routing);
        }
        // request id first (every log line has it), metrics around everything that answers
        routing.addFilter(requestIds)
                .addFilter(requestMetrics)
                .addFilter(framing)
                .addFilter(shedding);
        routing.addFilter(StrictTransportSecurity.FILTER);
        apiDocs.register(routing);
        RoleGuard.register(routing, authentication, answers);
        // the contract's table of operations binds the handlers and answers 405 for the other methods
        Map<String, Handler> handlers = new HashMap<>(sms.handlers());
        handlers.putAll(authCheck.handlers());
        handlers.putAll(callbacks.handlers());
        handlers.putAll(optOuts.handlers());
        Operations.contract().route(routing, answers, handlers);
        FallbackRoutes.notFound(routing, answers);
        ErrorAnswers.register(routing, answers);
    }

    /** The store (for tests and tools that inspect it). */
    public Store store() {
        return store;
    }

    /** The data directory. */
    public Path dataDirectory() {
        return dataDirectory;
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
        watchers.forEach(Runnable::run);
        dispatcher.close();
        bloomreach.close();
        optOuts.close();
        purger.close();
        contentPurger.close();
        store.close();
        metrics.close();
    }
}
