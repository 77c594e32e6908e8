package dev.slipway.notify;

import dev.slipway.notify.DeliveryQueue.Due;
import dev.slipway.notify.DeliveryQueue.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * POSTs a delivery's payload to its endpoint, signed, and reports what came back. Redirects are not
 * followed: an endpoint that moved answers with a status that is not 2xx, which an admin then sees.
 */
@Component
class WebhookSender {

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(NotifyProperties properties, Clock clock) {
        this.timeout = properties.timeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends without blocking; the future always completes with an outcome, never exceptionally. */
    CompletableFuture<Outcome> send(Due delivery) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Slipway-Webhooks")
                    .header("X-Slipway-Event", delivery.event())
                    .header("X-Slipway-Delivery", String.valueOf(delivery.id()))
                    .header(WebhookSignature.HEADER, WebhookSignature.of(delivery.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(at, null, "Not a URL Slipway can call: "
                    + e.getMessage(), 0));
        }
        // The request timeout ends at the response headers; the whole exchange, body included, gets the same.
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    return error == null ? new Outcome(at, response.statusCode(), null, millis)
                            : new Outcome(at, null, describe(error), millis);
                });
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "No answer within " + timeout.toMillis() + " ms";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
