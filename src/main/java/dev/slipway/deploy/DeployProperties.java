package dev.slipway.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.deploy.*}: the clusters environments deploy to (or the sandbox cluster), how many rollouts one
 * Slipway process follows at once, how many threads apply manifests, how often the queue is polled and how long a
 * process's claim on a deployment lasts without renewal, how an apply meets a failing cluster, when a failing
 * rollout is failed without waiting for its timeout, and how often drift is checked.
 */
@ConfigurationProperties("slipway.deploy")
record DeployProperties(
        Map<String, Cluster> clusters,
        @DefaultValue Sandbox sandbox,
        @DefaultValue("500") int maxRollouts,
        @DefaultValue("8") int applyThreads,
        @DefaultValue("2") int evaluatorThreads,
        @DefaultValue("1s") Duration poll,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("5m") Duration driftInterval,
        @DefaultValue FailFast failFast,
        @DefaultValue Apply apply) {

    DeployProperties {
        clusters = clusters == null ? Map.of() : clusters;
        if (lease.compareTo(poll.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("slipway.deploy.lease must be at least three polls (slipway.deploy.poll)"
                    + " so that a live process renews it in time; got " + lease + " with a poll of " + poll);
        }
    }

    /**
     * A cluster: through a kubeconfig file (and context), an API URL with token and CA file, or the in-cluster
     * service account.
     */
    record Cluster(String kubeconfig, String context, String url, String token, String caFile, boolean inCluster) {
    }

    /**
     * The sandbox cluster Slipway runs when no cluster is configured: how long it takes to roll a Deployment out,
     * and the folder it keeps its objects in across restarts (by default under {@code slipway.data-dir}; empty for
     * memory only).
     */
    record Sandbox(@DefaultValue("4s") Duration rolloutTime, String stateDir) {

        @Nullable Path stateFolder() {
            return stateDir == null || stateDir.isBlank() ? null : Path.of(stateDir);
        }
    }

    /**
     * A cause is certain (and the deployment fails at once) when a new pod's container restarted this many times,
     * its image failed to pull this many times, the scheduler refused it this many times, or its readiness probe
     * failed this many times.
     */
    record FailFast(
            @DefaultValue("3") int restarts,
            @DefaultValue("2") int imagePullFailures,
            @DefaultValue("2") int schedulingFailures,
            @DefaultValue("5") int readinessProbeFailures) {
    }

    /**
     * A transient fault of the cluster (HTTP 5xx or 429, a refused or broken connection, a timeout) is tried again
     * after {@code backoff}, doubled each time up to {@code maxBackoff} (longer if the cluster's Retry-After asks,
     * up to {@code maxBackoff} too), until {@code deadline} after the first fault; then the deployment fails with
     * the last one. Fields another field manager owns fail the deployment, unless {@code forceConflicts} takes them
     * over.
     */
    record Apply(
            @DefaultValue("2m") Duration deadline,
            @DefaultValue("1s") Duration backoff,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("false") boolean forceConflicts) {
    }
}
