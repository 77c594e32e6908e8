package dev.slipway.deploy;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the Retry-After one cluster's API server last sent with a 429 or a 5xx. fabric8's exception carries the
 * status of an answer but not its headers, and the API server's rate limiting (priority and fairness) says how long
 * to wait only there, with a plain-text body. The wait is the server's, not one request's, so the latest one serves.
 */
final class RetryAfterHeaders implements Interceptor {

    /** A wait asked for longer ago than this belongs to another fault. */
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Asked(Duration duration, long atNanos) {
    }

    private final AtomicReference<Asked> last = new AtomicReference<>();

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        String value = response.header("Retry-After");
        if (value != null && (response.code() == 429 || response.code() >= 500)) {
            try {
                last.set(new Asked(Duration.ofSeconds(Long.parseLong(value.strip())), System.nanoTime()));
            } catch (NumberFormatException e) {
                // an HTTP date, which Kubernetes does not send: the back-off applies
            }
        }
    }

    /** The wait the server asked for in the last few seconds, once. */
    Optional<Duration> take() {
        Asked asked = last.getAndSet(null);
        return asked == null || System.nanoTime() - asked.atNanos() > FRESH_NANOS ? Optional.empty()
                : Optional.of(asked.duration());
    }
}
