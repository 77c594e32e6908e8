package dev.slipway.delivery;

import dev.slipway.deploy.FinishedDeployment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * DORA's five figures over the deployments that finished in a range, with the band of each and the median time a
 * deployment took (started → finished, beside the reference points). Rates are fractions (0.25 is 25 %), times
 * seconds; a figure with nothing to measure is null.
 *
 * <ul>
 * <li>deployment frequency: successful deployments per day of the range (and per week);</li>
 * <li>change lead time: release commit → success, for successful deployments that are not rollbacks and whose
 * release states its commit time; median and 90th percentile;</li>
 * <li>change fail rate: deployments that failed or were rolled back ÷ all finished ones, each deployment once;</li>
 * <li>failed deployment recovery time: each failed or rolled-back deployment → the next success of its service in
 * its environment that was not itself rolled back; median, over the failures recovered so far;</li>
 * <li>rework rate: rollbacks, and deployments requested within the rework window after a failed one of the same
 * service and environment, ÷ all finished deployments.</li>
 * </ul>
 *
 * Computed in Java over one record per finished deployment rather than in SQL: recovery pairs each failure with a
 * later success and rework looks back a window from each deployment, which read plainly as loops, and a range holds
 * thousands of deployments at most. Percentiles interpolate linearly between neighbours, as PostgreSQL's
 * {@code percentile_cont} does.
 */
public record DeliveryFigures(int deployments, int successes, double deploymentsPerDay, double deploymentsPerWeek,
        DoraBand deploymentFrequencyBand, Double leadTimeMedianSeconds, Double leadTimeP90Seconds,
        DoraBand leadTimeBand, int failedChanges, Double changeFailRate, DoraBand changeFailRateBand,
        Double recoveryMedianSeconds, int recovered, int unrecovered, DoraBand recoveryBand, int rework,
        Double reworkRate, Double deploymentTimeMedianSeconds) {

    /**
     * The figures of the deployments in {@code history} that finished in [{@code from}, {@code to}). The history
     * must also hold what finished after {@code to} (for recovery) and up to {@code reworkWindow} before
     * {@code from} (for rework), ordered by finish time.
     */
    static DeliveryFigures of(List<FinishedDeployment> history, Instant from, Instant to, Duration reworkWindow) {
        List<FinishedDeployment> inRange = history.stream()
                .filter(d -> !d.finishedAt().isBefore(from) && d.finishedAt().isBefore(to)).toList();
        int total = inRange.size();
        int successes = (int) inRange.stream().filter(FinishedDeployment::succeeded).count();
        double days = Duration.between(from, to).getSeconds() / 86_400.0;
        double perDay = successes / days;
        List<Double> leadTimes = inRange.stream()
                .filter(d -> d.succeeded() && !d.rollback() && d.commitTime() != null)
                .map(d -> seconds(d.commitTime(), d.finishedAt())).toList();
        List<FinishedDeployment> failures = inRange.stream().filter(FinishedDeployment::failedChange).toList();
        // Recovery and rework look only at the same service in the same environment.
        Map<List<String>, List<FinishedDeployment>> byTarget = history.stream()
                .collect(Collectors.groupingBy(DeliveryFigures::target));
        var recoveries = new ArrayList<Double>();
        for (FinishedDeployment failure : failures) {
            nextGoodSuccess(byTarget.get(target(failure)), failure).ifPresent(s -> recoveries.add(
                    seconds(failure.finishedAt(), s.finishedAt())));
        }
        int rework = (int) inRange.stream()
                .filter(d -> d.rollback() || followsFailure(byTarget.get(target(d)), d, reworkWindow)).count();
        Double leadMedian = percentile(leadTimes, 0.5);
        Double failRate = total == 0 ? null : (double) failures.size() / total;
        Double recoveryMedian = percentile(recoveries, 0.5);
        return new DeliveryFigures(total, successes, perDay, perDay * 7, DoraBand.ofDeploymentsPerDay(perDay),
                leadMedian, percentile(leadTimes, 0.9), DoraBand.ofLeadTime(leadMedian), failures.size(), failRate,
                DoraBand.ofChangeFailRate(failRate), recoveryMedian, recoveries.size(),
                failures.size() - recoveries.size(), DoraBand.ofRecovery(recoveryMedian), rework,
                total == 0 ? null : (double) rework / total,
                percentile(inRange.stream().filter(d -> d.startedAt() != null)
                        .map(d -> seconds(d.startedAt(), d.finishedAt())).toList(), 0.5));
    }

    private static List<String> target(FinishedDeployment deployment) {
        return List.of(deployment.service(), deployment.environment());
    }

    private static Optional<FinishedDeployment> nextGoodSuccess(List<FinishedDeployment> sameTarget,
            FinishedDeployment failure) {
        return sameTarget.stream()
                .filter(d -> d.succeeded() && !d.rolledBack() && d.finishedAt().isAfter(failure.finishedAt()))
                .min(Comparator.comparing(FinishedDeployment::finishedAt).thenComparing(FinishedDeployment::id));
    }

    private static boolean followsFailure(List<FinishedDeployment> sameTarget, FinishedDeployment deployment,
            Duration window) {
        return sameTarget.stream().anyMatch(f -> f.id() != deployment.id() && f.failedChange()
                && !f.finishedAt().isAfter(deployment.requestedAt())
                && !deployment.requestedAt().isAfter(f.finishedAt().plus(window)));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** The p-th percentile with linear interpolation (PostgreSQL's percentile_cont); null for no values. */
    static Double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        double position = p * (sorted.size() - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
    }
}
