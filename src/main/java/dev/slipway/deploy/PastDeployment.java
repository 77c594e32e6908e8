package dev.slipway.deploy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A deployment that happened before Slipway recorded it (history brought over from an earlier pipeline, or the
 * demo's): its release (registered when the service has no such version yet, with its commit time), when it was
 * requested, started and finished, and how it ended. {@code rollbackOfVersion} names the release whose deployment it
 * rolled back, if it was a rollback — the latest deployment of that version in the environment before it.
 */
public record PastDeployment(String service, String environment, String version, @Nullable Instant commitTime,
        Instant requestedAt, Instant startedAt, Instant finishedAt, boolean succeeded, @Nullable String failureReason,
        @Nullable String rollbackOfVersion) {
}
