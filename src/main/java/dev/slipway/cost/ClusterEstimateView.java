package dev.slipway.cost;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One day's estimated cluster cost of a service in an environment (requests × replicas × rates). */
public record ClusterEstimateView(LocalDate day, String team, String service, String environment, String cluster,
        String currency, int replicas, BigDecimal cpuCores, BigDecimal memoryGib, BigDecimal estimatedCost) {
}
