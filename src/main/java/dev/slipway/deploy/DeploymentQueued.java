package dev.slipway.deploy;

/**
 * A deployment (or a rollback, when {@code deployment().rollbackOf()} is set) was requested and waits its turn. One
 * queued into a frozen environment is followed by {@link FreezeOverridden}.
 */
public record DeploymentQueued(DeploymentFacts deployment) implements DeploymentLifecycleEvent {

    /** The audit action and webhook event name of a deployment requested. */
    public static final String NAME = "deployment.create";

    /** The audit action and webhook event name of a rollback requested. */
    public static final String ROLLBACK = "deployment.rollback";

    public String name() {
        return deployment.rollbackOf() == null ? NAME : ROLLBACK;
    }
}
