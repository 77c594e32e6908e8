package dev.slipway.deploy;

/** Every new replica of a deployment is ready. */
public record DeploymentSucceeded(DeploymentFacts deployment) implements DeploymentLifecycleEvent {
}
