package dev.slipway.deploy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.deploy.*}: how many rollouts one Slipway process follows at once, how many threads apply
 * manifests, and when a failing rollout is failed without waiting for its timeout.
 */
@ConfigurationProperties("slipway.deploy")
record DeployProperties(
        @DefaultValue("500") int maxRollouts,
        @DefaultValue("8") int applyThreads,
        @DefaultValue("2") int evaluatorThreads,
        @DefaultValue("1s") Duration poll,
        @DefaultValue FailFast failFast) {

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
}
