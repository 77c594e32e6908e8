package dev.slipway.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lombok.RequiredArgsConstructor;

/**
 * When to try a deployment again after a transient fault of its cluster ({@code slipway.deploy.apply.*}): after the
 * back-off, doubled at each attempt up to its maximum, or after the cluster's Retry-After if that is longer (capped
 * alike), and never past the deadline, counted from the first fault. Kept in memory: a process that takes a
 * deployment over after a restart starts counting afresh.
 */
@RequiredArgsConstructor
final class ApplyBackOff {

    /** The next attempt: its number (the first try was 1), how long to wait for it, and the line for the log. */
    record Attempt(int number, Duration delay, String note) {
    }

    private record Faults(Instant since, int attempts) {
    }

    private final DeployProperties.Apply settings;
    private final Clock clock;
    private final Map<Long, Faults> faults = new ConcurrentHashMap<>();

    /** The attempt to make after this fault, or empty when the deadline has passed. */
    Optional<Attempt> next(long id, ClusterFault fault) {
        Instant now = clock.instant();
        Faults before = faults.getOrDefault(id, new Faults(now, 1));
        Instant deadline = before.since().plus(settings.deadline());
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Duration wait = settings.backoff().multipliedBy(1L << Math.min(before.attempts() - 1, 20));
        if (fault.askedWait() != null && fault.askedWait().compareTo(wait) > 0) {
            wait = fault.askedWait();
        }
        wait = min(min(wait, settings.maxBackoff()), Duration.between(now, deadline));
        int number = before.attempts() + 1;
        faults.put(id, new Faults(before.since(), number));
        return Optional.of(new Attempt(number, wait, fault.description() + "; trying again in " + words(wait)
                + " (attempt " + number + ")"));
    }

    /** Why the deployment fails after this fault: the fault itself, and how long it was tried if it was. */
    String failure(long id, ClusterFault fault) {
        Faults tried = faults.remove(id);
        return tried == null || !fault.transientFault() ? fault.description() : fault.description()
                + "; gave up after " + tried.attempts() + " attempts within the " + words(settings.deadline())
                + " apply deadline";
    }

    /** Forgets a deployment's faults, once an attempt went through. */
    void forget(long id) {
        faults.remove(id);
    }

    /** "200 ms", "2 s", "1.5 s". */
    static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return (millis % 1000 == 0 ? String.valueOf(millis / 1000)
                : String.format(Locale.ROOT, "%.1f", millis / 1000.0)) + " s";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
