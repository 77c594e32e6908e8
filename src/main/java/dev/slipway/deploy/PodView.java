package dev.slipway.deploy;

/**
 * A pod of a deployment's workload as the cluster reports it now: {@code state} is the first container's
 * (Running, ContainerCreating, CrashLoopBackOff, ...), {@code lastState} how its container last ended
 * ("exited 1 (Error)"), and {@code logTail} the last lines of a container that restarted.
 */
public record PodView(String name, String version, String phase, String state, String ready, int restarts,
        String lastState, String logTail) {

    public boolean failing() {
        return restarts > 0 || state != null && (state.endsWith("BackOff") || state.startsWith("Err")
                || state.equals("OOMKilled") || state.equals("Unschedulable"));
    }
}
