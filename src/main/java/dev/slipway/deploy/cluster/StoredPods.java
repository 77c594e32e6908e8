package dev.slipway.deploy.cluster;

import dev.slipway.deploy.cluster.SimulatedPod.Stage;
import dev.slipway.deploy.cluster.SimulatedPod.Termination;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads back a pod the sandbox stored before a restart, into the stage its kubelet had reached. */
final class StoredPods {

    private StoredPods() {
    }

    static SimulatedPod restore(Pod pod, SimulatedReplicaSet replicaSet) {
        SimulatedPod restored = new SimulatedPod(pod.getMetadata().getName(), replicaSet,
                instant(pod.getMetadata().getCreationTimestamp()).orElseGet(Instant::now));
        restored.uid = pod.getMetadata().getUid();
        PodStatus status = Objects.requireNonNullElseGet(pod.getStatus(), PodStatus::new);
        List<PodCondition> conditions = Objects.requireNonNullElse(status.getConditions(), List.of());
        Optional<PodCondition> scheduled = conditions.stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
        boolean ready = conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        ContainerStatus container = status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()
                ? null : status.getContainerStatuses().get(0);
        if (scheduled.isEmpty()) {
            restored.stage = Stage.PENDING;
            return restored;
        }
        if (!"True".equals(scheduled.get().getStatus())) {
            restored.stage = Stage.UNSCHEDULABLE;
            return restored;
        }
        restored.scheduledAt = instant(scheduled.get().getLastTransitionTime()).orElseGet(Instant::now);
        if (container == null) {
            restored.stage = Stage.CREATING;
            return restored;
        }
        restored.restartCount = Objects.requireNonNullElse(container.getRestartCount(), 0);
        restored.failures = restored.restartCount;
        if (container.getLastState() != null && container.getLastState().getTerminated() != null) {
            ContainerStateTerminated last = container.getLastState().getTerminated();
            restored.lastTermination = new Termination(Objects.requireNonNullElse(last.getExitCode(), 1),
                    last.getReason(), instant(last.getStartedAt()).orElse(null),
                    instant(last.getFinishedAt()).orElse(null));
        }
        var state = container.getState();
        if (state != null && state.getRunning() != null) {
            restored.startedAt = instant(state.getRunning().getStartedAt()).orElseGet(Instant::now);
            restored.stage = ready ? Stage.READY : Stage.RUNNING;
            restored.readyAt = ready ? restored.startedAt : null;
            return restored;
        }
        String reason = state == null || state.getWaiting() == null ? "" : state.getWaiting().getReason();
        if ("CrashLoopBackOff".equals(reason)) {
            restored.stage = Stage.BACK_OFF;
            restored.startedAt = restored.lastTermination == null ? restored.scheduledAt : restored.lastTermination.startedAt();
        } else if ("ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason)) {
            restored.stage = Stage.PULL_FAILED;
            restored.failures = 1;
        } else {
            restored.stage = Stage.CREATING;
        }
        restored.waitingReason = reason;
        restored.waitingMessage = state == null || state.getWaiting() == null ? null : state.getWaiting().getMessage();
        return restored;
    }

    private static Optional<Instant> instant(String time) {
        try {
            return time == null ? Optional.empty() : Optional.of(Instant.parse(time));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
