package dev.slipway.deploy;

import org.jspecify.annotations.Nullable;

/** A deployment ended without its release serving, for {@code reason} (one line). */
public record DeploymentFailed(DeploymentFacts deployment, @Nullable String reason) implements DeploymentLifecycleEvent {

    /** The audit action and webhook event name. */
    public static final String NAME = "deployment.failed";
}
