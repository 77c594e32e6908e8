package dev.slipway.deploy;

import org.jspecify.annotations.Nullable;

/** A request about a deployment (a cancel or a rollback, named by {@code action}) could not be done, for {@code reason}. */
public record DeploymentRequestFailed(String action, long deploymentId, @Nullable String reason) {
}
