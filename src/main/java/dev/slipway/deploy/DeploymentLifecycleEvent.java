package dev.slipway.deploy;

/**
 * A change in a deployment's life, published by the one class that writes deployments, inside the transaction
 * of the change: the audit trail and the webhook outbox turn it into their rows in that same transaction.
 */
public sealed interface DeploymentLifecycleEvent
        permits DeploymentQueued, DeploymentCancelled, DeploymentStarted, DeploymentSucceeded, DeploymentFailed {

    DeploymentFacts deployment();
}
