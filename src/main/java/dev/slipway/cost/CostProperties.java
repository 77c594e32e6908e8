package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.cost.*}: how imports report progress, when a silent one counts as lost and how often that is
 * checked, how often budgets and anomalies are checked and cluster costs estimated, and the anomaly rule: a day's
 * spend above the trailing
 * 28-day median plus {@code anomalyDeviations} × the median absolute deviation, and above the
 * median by at least {@code anomalyFloor} (in the budget's currency, or the spend's). Cluster
 * estimates price requested capacity with {@code clusterRates} per cluster name, else
 * {@code defaultClusterRate}.
 */
@ConfigurationProperties("slipway.cost")
record CostProperties(
        @DefaultValue("20000") int progressEveryRows,
        @DefaultValue("2m") Duration importLostAfter,
        @DefaultValue("1m") Duration lostImportCheck,
        @DefaultValue("15m") Duration alertInterval,
        @DefaultValue("1h") Duration estimateInterval,
        @DefaultValue("28") int anomalyBaselineDays,
        @DefaultValue("5") BigDecimal anomalyDeviations,
        @DefaultValue("50") BigDecimal anomalyFloor,
        @DefaultValue ClusterRate defaultClusterRate,
        Map<String, ClusterRate> clusterRates) {

    CostProperties {
        if (progressEveryRows < 1) {
            throw new IllegalArgumentException("slipway.cost.progress-every-rows must be 1 or more");
        }
        clusterRates = clusterRates == null ? Map.of() : Map.copyOf(clusterRates);
        if (anomalyBaselineDays < 7) {
            throw new IllegalArgumentException("slipway.cost.anomaly-baseline-days must be 7 or more");
        }
    }

    ClusterRate rateOf(String cluster) {
        return clusterRates.getOrDefault(cluster, defaultClusterRate);
    }
}
