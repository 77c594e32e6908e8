package dev.slipway.deploy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A deployment as the portal and the API show it; {@code cluster} is "sandbox" when Slipway runs its own.
 * {@code phase} says where a rollout is (queued, applying, retrying when its cluster failed, waiting for pods, pods
 * starting, ready, failed) and {@code failureReason} why it failed, in one line.
 */
public record DeploymentView(long id, String service, String team, String environment, String environmentName,
        String cluster, String version, String image, DeploymentState state, String phase, String requestedBy,
        String reason, Long rollbackOf, String overrideReason, int readyReplicas, int desiredReplicas,
        String failureReason, @Nullable Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    /** Rollout progress from 0 to 100, for the progress bar: new replicas ready of those desired. */
    public int percent() {
        if (state == DeploymentState.SUCCEEDED) {
            return 100;
        }
        return desiredReplicas <= 0 ? 0 : Math.min(100, readyReplicas * 100 / desiredReplicas);
    }
}
