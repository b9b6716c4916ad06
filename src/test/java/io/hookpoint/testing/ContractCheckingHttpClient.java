package io.hookpoint.testing;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A JDK {@link HttpClient} that checks every answer of a declared operation against {@code openapi.yaml}
 * before handing it to its caller, the generated SDK: the SDK reads the body as a stream, so the answer is
 * read whole here, checked, and then fed to the SDK's own body handler.
 */
public final class ContractCheckingHttpClient extends HttpClient {
    private final HttpClient delegate;

    private ContractCheckingHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /**
     * A builder whose clients check their answers, for {@code new ApiClient(builder, ...)}.
     *
     * @param builder the builder of the real client
     * @return the same builder, building checking clients
     */
    public static HttpClient.Builder wrap(HttpClient.Builder builder) {
        return (HttpClient.Builder) Proxy.newProxyInstance(HttpClient.Builder.class.getClassLoader(),
                new Class<?>[] {HttpClient.Builder.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(builder, args);
                        if (method.getName().equals("build")) {
                            return new ContractCheckingHttpClient((HttpClient) result);
                        }
                        return result == builder ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return handOn(delegate.send(request, HttpResponse.BodyHandlers.ofByteArray()), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> handOn(r, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    private static <T> HttpResponse<T> handOn(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler) {
        Reply.checked(raw);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return raw.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return raw.headers();
            }

            @Override
            public Version version() {
                return raw.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
        subscriber.onComplete();
        T body = subscriber.getBody().toCompletableFuture().join();
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return raw.statusCode();
            }

            @Override
            public HttpRequest request() {
                return raw.request();
            }

            @Override
            public Optional<HttpResponse<T>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return raw.headers();
            }

            @Override
            public T body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return raw.sslSession();
            }

            @Override
            public java.net.URI uri() {
                return raw.uri();
            }

            @Override
            public Version version() {
                return raw.version();
            }
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
