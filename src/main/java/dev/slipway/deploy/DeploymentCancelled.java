package dev.slipway.deploy;

/** A queued deployment was cancelled before it started. */
public record DeploymentCancelled(DeploymentFacts deployment, String cancelledBy) implements DeploymentLifecycleEvent {
}
