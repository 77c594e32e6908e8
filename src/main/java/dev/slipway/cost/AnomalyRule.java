package dev.slipway.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A robust rule for "far above normal": a day's spend is anomalous when it exceeds the median of
 * the trailing baseline by more than {@code deviations} × the median absolute deviation (MAD), and
 * by at least {@code floor}, so one large outlier in the baseline cannot hide the next. A scope with
 * spend on fewer than half of its baseline days has no baseline yet: a new team is not an anomaly.
 */
record AnomalyRule(BigDecimal deviations, BigDecimal floor) {

    /** Days without spend count as zero: pass the whole baseline, one value per day. */
    boolean isAnomalous(BigDecimal day, List<BigDecimal> baseline) {
        long daysWithSpend = baseline.stream().filter(value -> value.signum() != 0).count();
        return daysWithSpend * 2 >= baseline.size() && day.compareTo(threshold(baseline)) > 0;
    }

    BigDecimal threshold(List<BigDecimal> baseline) {
        BigDecimal median = median(baseline);
        var deviationsFromMedian = new ArrayList<BigDecimal>();
        baseline.forEach(value -> deviationsFromMedian.add(value.subtract(median).abs()));
        BigDecimal mad = median(deviationsFromMedian);
        return median.add(mad.multiply(deviations).max(floor));
    }

    static BigDecimal median(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return BigDecimal.ZERO;
        }
        var sorted = new ArrayList<>(values);
        sorted.sort(BigDecimal::compareTo);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle)
                : sorted.get(middle - 1).add(sorted.get(middle)).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
    }
}
