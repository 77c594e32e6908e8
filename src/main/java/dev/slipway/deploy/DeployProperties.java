package dev.slipway.deploy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.deploy.*}: how many rollouts one Slipway process follows at once, how many threads apply
 * manifests, how an apply meets a failing cluster, and when a failing rollout is failed without waiting for its
 * timeout.
 */
@ConfigurationProperties("slipway.deploy")
record DeployProperties(
        @DefaultValue("500") int maxRollouts,
        @DefaultValue("8") int applyThreads,
        @DefaultValue("2") int evaluatorThreads,
        @DefaultValue("1s") Duration poll,
        @DefaultValue FailFast failFast,
        @DefaultValue Apply apply) {

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
