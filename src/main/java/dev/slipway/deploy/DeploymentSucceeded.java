package dev.slipway.deploy;

/** Every new replica of a deployment is ready. */
public record DeploymentSucceeded(DeploymentFacts deployment) implements DeploymentLifecycleEvent {

    /** The audit action and webhook event name. */
    public static final String NAME = "deployment.succeeded";
}
