package dev.slipway.deploy;

/** QUEUED → APPLYING → ROLLING_OUT → SUCCEEDED | FAILED | CANCELLED. */
public enum DeploymentState {
    QUEUED, APPLYING, ROLLING_OUT, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public boolean active() {
        return this == APPLYING || this == ROLLING_OUT;
    }
}
