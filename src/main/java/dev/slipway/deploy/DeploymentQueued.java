package dev.slipway.deploy;

/** A deployment (or a rollback, when {@code deployment().rollbackOf()} is set) was requested and waits its turn. */
public record DeploymentQueued(DeploymentFacts deployment, String overrideReason) implements DeploymentLifecycleEvent {
}
