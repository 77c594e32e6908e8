package dev.slipway.deploy;

/** A deployment's manifest was applied to its cluster; the rollout is underway. */
public record DeploymentStarted(DeploymentFacts deployment, String cluster, String namespace, long generation)
        implements DeploymentLifecycleEvent {

    /** The audit action and webhook event name. */
    public static final String NAME = "deployment.start";
}
