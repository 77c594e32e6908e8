package dev.slipway.deploy;

import java.util.Arrays;
import java.util.List;

/** QUEUED → APPLYING → ROLLING_OUT → SUCCEEDED | FAILED | CANCELLED. */
public enum DeploymentState {
    QUEUED, APPLYING, ROLLING_OUT, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Queued or under way: every state before the deployment finished. */
    public static List<DeploymentState> unfinished() {
        return Arrays.stream(values()).filter(state -> !state.finished()).toList();
    }

    public boolean active() {
        return this == APPLYING || this == ROLLING_OUT;
    }
}
