package dev.slipway.deploy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a failure while deploying means: a transient fault of the cluster (HTTP 5xx or 429, a conflict on an object's
 * version, no answer at all) is worth trying again, after {@code askedWait} if the cluster said how long; a refusal
 * by the cluster, or a failure of Slipway's own, ends the deployment. {@code description} says what happened in one
 * line.
 */
record ClusterFault(Kind kind, String description, @Nullable Duration askedWait) {

    enum Kind { TRANSIENT, REFUSED, INTERNAL }

    private static final Pattern MANAGER = Pattern.compile("conflict with \"([^\"]+)\"");

    static ClusterFault of(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return answered(k.getCode(), k.getStatus() == null ? new Status() : k.getStatus());
        }
        if (e instanceof KubernetesClientException || causedBy(e, IOException.class)) {
            return new ClusterFault(Kind.TRANSIENT, "The cluster could not be reached (" + why(e) + ")", null);
        }
        return new ClusterFault(Kind.INTERNAL, "Slipway failed while deploying: " + e.getMessage(), null);
    }

    boolean transientFault() {
        return kind == Kind.TRANSIENT;
    }

    /** The same fault, waiting as long as the cluster asked unless its answer said so already. */
    ClusterFault asked(@Nullable Duration wait) {
        return askedWait != null || wait == null ? this : new ClusterFault(kind, description, wait);
    }

    private static ClusterFault answered(int code, Status status) {
        String message = status.getMessage() == null || status.getMessage().isBlank() ? phrase(code)
                : status.getMessage().strip();
        List<StatusCause> causes = status.getDetails() == null || status.getDetails().getCauses() == null ? List.of()
                : status.getDetails().getCauses();
        List<String> owned = causes.stream().filter(c -> "FieldManagerConflict".equals(c.getReason()))
                .map(c -> c.getField() + " (" + managerIn(c.getMessage()) + ")").toList();
        if (code == 409 && !owned.isEmpty()) {
            return new ClusterFault(Kind.REFUSED, "Another field manager owns fields Slipway applies: "
                    + String.join(", ", owned) + ". Remove them from that manager (or let Slipway take them over "
                    + "with slipway.deploy.apply.force-conflicts=true) and deploy again.", null);
        }
        // A 409 without field conflicts is Kubernetes' optimistic locking: the object changed under the request.
        boolean worthRetrying = code >= 500 || code == 429 || (code == 409 && "Conflict".equals(status.getReason()));
        if (!worthRetrying) {
            return new ClusterFault(Kind.REFUSED, "The cluster refused the change (HTTP " + code + "): " + message, null);
        }
        Integer seconds = status.getDetails() == null ? null : status.getDetails().getRetryAfterSeconds();
        return new ClusterFault(Kind.TRANSIENT, "The cluster answered HTTP " + code + " (" + message + ")",
                seconds == null || seconds <= 0 ? null : Duration.ofSeconds(seconds));
    }

    private static String managerIn(String message) {
        Matcher matcher = MANAGER.matcher(String.valueOf(message));
        return matcher.find() ? matcher.group(1) : String.valueOf(message);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The connection failure in words; the JDK's HTTP client often leaves the message out. */
    private static String why(Throwable e) {
        Throwable root = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return cause.getMessage() == null ? "could not connect" : cause.getMessage();
            }
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                return "timed out";
            }
            root = cause;
        }
        return root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                : root.getMessage();
    }

    /** For answers whose body is not a Status, such as the plain text of the API server's rate limiting. */
    private static String phrase(int code) {
        return switch (code) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "no message";
        };
    }
}
