package dev.slipway.deploy;

import java.time.Instant;

/**
 * One deployment that ran to its end (SUCCEEDED or FAILED; a cancelled one never reached its environment), as delivery
 * metrics read it. {@code rollback} says it restored an earlier release; {@code rolledBack} that a rollback of it was
 * requested. {@code commitTime} is its release's commit time, null when the release did not say.
 */
public record FinishedDeployment(long id, String service, String team, String environment, String version,
        Instant commitTime, Instant requestedAt, Instant startedAt, Instant finishedAt, DeploymentState outcome,
        boolean rollback, boolean rolledBack) {

    public boolean succeeded() {
        return outcome == DeploymentState.SUCCEEDED;
    }

    /** Failed, or succeeded and then rolled back: a change that did not hold. */
    public boolean failedChange() {
        return !succeeded() || rolledBack;
    }
}
