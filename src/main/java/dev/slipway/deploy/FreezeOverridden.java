package dev.slipway.deploy;

/** A deployment was queued into a frozen environment by an administrator breaking the glass, for {@code reason}. */
public record FreezeOverridden(DeploymentFacts deployment, String reason) {

    /** The audit action and webhook event name. */
    public static final String NAME = "deployment.freeze-override";
}
