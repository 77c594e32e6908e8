package dev.slipway.deploy;

/** A queued deployment was cancelled before it started. */
public record DeploymentCancelled(DeploymentFacts deployment, String cancelledBy) implements DeploymentLifecycleEvent {

    /** The audit action and webhook event name. */
    public static final String NAME = "deployment.cancel";
}
