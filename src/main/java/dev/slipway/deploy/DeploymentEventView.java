package dev.slipway.deploy;

import java.time.Instant;

/** One line of a deployment's log: what happened, and the replica counts at that moment. */
public record DeploymentEventView(long id, Instant at, String kind, String message, Integer ready, Integer desired) {
}
