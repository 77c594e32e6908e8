package dev.slipway.notify;

import dev.slipway.notify.DeliveryQueue.Due;
import dev.slipway.notify.DeliveryQueue.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * POSTs a delivery's payload to its endpoint, signed, and reports what came back.
 *
 * <p>The endpoint's host is resolved once, by {@link DestinationPolicy}, and the connection goes to
 * exactly the address it checked: the target is an {@link HttpHost} carrying that address, so the
 * client does no lookup of its own (a name cannot resolve to a public address for the check and to
 * an internal one for the connection), while the host name still goes into the Host header, SNI and
 * the certificate check. The JDK's HttpClient offers no way to pin an address short of rewriting the
 * URL to an IP literal, which breaks TLS. Redirects are not followed: a 3xx is a failed attempt, with
 * its status, for an admin to act on.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final ContentType JSON = ContentType.create("application/json");

    private final CloseableHttpClient http;
    private final DestinationPolicy destinations;
    private final Duration timeout;
    private final Clock clock;
    // The client blocks; each send of a batch gets its own thread (a virtual one where the JVM has them and
    // spring.threads.virtual.enabled is set) so they run side by side.
    private final SimpleAsyncTaskExecutor sending;

    WebhookSender(NotifyProperties properties, DestinationPolicy destinations, Clock clock) {
        this(properties, destinations, clock, new SimpleAsyncTaskExecutorBuilder());
    }

    @Autowired
    WebhookSender(NotifyProperties properties, DestinationPolicy destinations, Clock clock,
            SimpleAsyncTaskExecutorBuilder threads) {
        this.sending = threads.threadNamePrefix("slipway-webhook-send-").cancelRemainingTasksOnClose(true)
                .additionalCustomizers(executor -> executor.setDaemon(true)).build();
        this.destinations = destinations;
        this.timeout = properties.timeout();
        this.clock = clock;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(timeout))
                                .setSocketTimeout(Timeout.of(timeout))
                                .build())
                        .setMaxConnTotal(WebhookDispatcher.BATCH)
                        .setMaxConnPerRoute(WebhookDispatcher.BATCH)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** Sends without blocking the caller; the future always completes with an outcome, never exceptionally. */
    CompletableFuture<Outcome> send(Due delivery) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        URI url;
        try {
            url = new URI(delivery.url());
        } catch (URISyntaxException e) {
            return CompletableFuture.completedFuture(new Outcome(at, null, "Not a URL Slipway can call: "
                    + e.getMessage(), 0, false));
        }
        HttpPost request = request(url, delivery);
        // The timeouts above bound each step; the whole exchange, body included, gets the same.
        return CompletableFuture.supplyAsync(() -> exchange(url, request, at, started), sending)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(error -> {
                    request.cancel();
                    return new Outcome(at, null, describe(error), millisSince(started), false);
                });
    }

    private Outcome exchange(URI url, HttpPost request, Instant at, long started) {
        InetAddress address;
        try {
            address = destinations.addressToSend(url);
        } catch (RefusedDestination e) {
            return new Outcome(at, null, e.getMessage(), millisSince(started), true);
        } catch (IOException e) {
            return new Outcome(at, null, describe(e), millisSince(started), false);
        }
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        HttpHost target = new HttpHost(url.getScheme().toLowerCase(Locale.ROOT), address, url.getHost(), port);
        try {
            return http.execute(target, request, response -> {
                long millis = millisSince(started);
                int status = response.getCode();
                if (status >= 300 && status < 400) {
                    Header location = response.getFirstHeader("Location");
                    return new Outcome(at, status, "Redirect not followed" + (location == null ? ""
                            : " (to " + location.getValue() + ")") + ": set the webhook's URL to where it points", millis,
                            false);
                }
                return new Outcome(at, status, null, millis, false);
            });
        } catch (IOException | RuntimeException e) {
            return new Outcome(at, null, describe(e), millisSince(started), false);
        }
    }

    private static HttpPost request(URI url, Due delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        var request = new HttpPost(url);
        request.setHeader("User-Agent", "Slipway-Webhooks");
        request.setHeader("X-Slipway-Event", delivery.event());
        request.setHeader("X-Slipway-Delivery", String.valueOf(delivery.id()));
        request.setHeader(WebhookSignature.HEADER, WebhookSignature.of(delivery.secret(), body));
        request.setEntity(new ByteArrayEntity(body, JSON));
        return request;
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return "No answer within " + timeout.toMillis() + " ms";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void destroy() throws IOException {
        sending.close();
        http.close();
    }
}
