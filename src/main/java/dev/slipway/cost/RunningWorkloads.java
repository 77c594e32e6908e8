package dev.slipway.cost;

import java.math.BigDecimal;
import java.util.List;

/**
 * What runs where, for the cluster cost estimate. The cost module owns this question; the module
 * that deploys answers it, so cost depends on nothing that deploys.
 */
public interface RunningWorkloads {

    /** One service in one environment, as last deployed successfully: its requests per replica. */
    record Workload(String team, String service, String environment, String cluster, int replicas,
            BigDecimal cpuCores, BigDecimal memoryGib) {
    }

    List<Workload> running();
}
