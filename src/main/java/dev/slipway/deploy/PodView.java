package dev.slipway.deploy;

import org.jspecify.annotations.Nullable;

/**
 * A pod of a deployment's workload as the cluster reports it now: {@code state} is the first container's
 * (Running, ContainerCreating, CrashLoopBackOff, ...), {@code lastState} how its container last ended
 * ("exited 1 (Error)"), and {@code logTail} the last lines of a container that restarted.
 */
public record PodView(String name, @Nullable String version, String phase, @Nullable String state, String ready, int restarts,
        @Nullable String lastState, @Nullable String logTail) {

    public boolean failing() {
        return restarts > 0 || state != null && (state.endsWith("BackOff") || state.startsWith("Err")
                || state.equals("OOMKilled") || state.equals("Unschedulable"));
    }
}
