package dev.slipway.deploy.cluster;

import java.time.Duration;

/**
 * The sandbox's clock speeds, all scaled to the rollout time so that a short rollout time in tests makes every
 * phase short: with the 4 s default a crash-looping container has restarted three times about 5 s after the apply.
 */
record SandboxTimings(Duration rolloutTime) {

    /** Below this, steps would only crowd the scheduling thread. */
    private static final long SHORTEST_MILLIS = 5;
    /** Real kubelets start at 10 s and stop doubling at 5 minutes: thirty times the first back-off. */
    private static final int BACK_OFF_CAP_FACTOR = 30;

    /** From a pod's creation to Ready, when {@code batches} pods must get ready one after the other. */
    Duration podReady(int batches) {
        return atLeastShortest(rolloutTime.dividedBy(Math.max(1, batches)));
    }

    /** How long a crashing container runs before it exits. */
    Duration run() {
        return atLeastShortest(rolloutTime.dividedBy(16));
    }

    /** The {@code n}th back-off (0 for the first), doubling up to its cap. */
    Duration backOff(int n) {
        Duration first = atLeastShortest(rolloutTime.dividedBy(8));
        Duration cap = first.multipliedBy(BACK_OFF_CAP_FACTOR);
        return n >= 5 ? cap : min(first.multipliedBy(1L << n), cap);
    }

    /** How often a failing readiness probe is reported. */
    Duration probePeriod() {
        return atLeastShortest(rolloutTime.dividedBy(4));
    }

    /** How long status writes of Deployments and ReplicaSets are held back to be written once for a burst of changes. */
    Duration statusBatching() {
        return Duration.ofMillis(Math.max(SHORTEST_MILLIS, Math.min(100, rolloutTime.toMillis() / 40)));
    }

    /** A duration as Go prints it, as in kubelet's messages: {@code 500ms}, {@code 20s}, {@code 2m40s}. */
    static String goDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        double seconds = (millis % 60_000) / 1000.0;
        String secondsText = seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
        return (minutes > 0 ? minutes + "m" : "") + secondsText + "s";
    }

    private static Duration atLeastShortest(Duration duration) {
        return duration.toMillis() < SHORTEST_MILLIS ? Duration.ofMillis(SHORTEST_MILLIS) : duration;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
