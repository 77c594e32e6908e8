package dev.slipway.bench;

import java.util.Arrays;

/** The response times of one scenario, and their percentiles (nearest rank). */
public final class Latencies {

    public record Summary(int count, double p50, double p95, double p99, double max) {
    }

    private final long[] nanos;
    private int count;

    public Latencies(int capacity) {
        nanos = new long[capacity];
    }

    public void add(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    public Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, millis(percentile(sorted, 50)), millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)), millis(sorted[count - 1]));
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
