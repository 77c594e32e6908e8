package dev.slipway.deploy;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads where a rollout stands from what the cluster says: the Deployment, its newest ReplicaSet, that
 * ReplicaSet's pods and their events. Progress is the new replicas ready of those desired; a failure is named
 * from the pods (CrashLoopBackOff with the exit code, OOMKilled, ImagePullBackOff, Unschedulable, a failing
 * readiness probe) once it is certain by the {@link DeployProperties.FailFast} thresholds.
 */
record RolloutDiagnosis(String phase, int ready, int desired, boolean complete, @Nullable String failure,
        @Nullable String failingPod, @Nullable String failingContainer, boolean containerLogTells, List<String> pods, @Nullable String suspicion) {

    static final String REVISION = "deployment.kubernetes.io/revision";

    static RolloutDiagnosis of(Deployment deployment, long generation, List<ReplicaSet> replicaSets, List<Pod> pods,
            List<Event> events, DeployProperties.FailFast thresholds) {
        if (deployment == null) {
            return new RolloutDiagnosis("waiting for pods", 0, 0, false, null, null, null, false, List.of(),
                    null);
        }
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        DeploymentStatus status = Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
        long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
        int total = orZero(status.getReplicas());
        int updated = orZero(status.getUpdatedReplicas());
        int available = orZero(status.getAvailableReplicas());
        // Old pods still count as available during a rolling update; progress is the new ones that serve.
        // Until the controller has observed this generation, the status still counts the previous one's replicas.
        int ready = observed < generation ? 0 : Math.max(0, Math.min(updated, available - Math.max(0, total - updated)));
        // Until the controller has acted on this generation, the newest ReplicaSet may still be the previous one.
        Optional<ReplicaSet> newest = observed < generation ? Optional.empty()
                : newest(deployment, replicaSets).filter(rs -> sameImages(rs, deployment));
        List<Pod> newPods = newest.map(rs -> pods.stream().filter(p -> ownedBy(p, rs.getMetadata().getUid())).toList())
                .orElse(List.of());
        if (newest.isPresent() && newest.get().getStatus() != null && observed >= generation) {
            ready = Math.min(desired, orZero(newest.get().getStatus().getReadyReplicas()));
        }
        boolean complete = observed >= generation && updated >= desired && total <= updated && available >= updated;
        List<String> podLines = newPods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(RolloutDiagnosis::describe).toList();
        if (complete) {
            return new RolloutDiagnosis("ready", desired, desired, true, null, null, null, false, podLines, null);
        }
        String phase = observed < generation || newPods.isEmpty() || newPods.stream().noneMatch(RolloutDiagnosis::running)
                ? "waiting for pods" : "pods starting";
        var findings = new ArrayList<Finding>();
        for (Pod pod : newPods) {
            findings.addAll(findings(pod, events, thresholds));
        }
        Optional<Finding> certain = findings.stream().filter(Finding::certain).findFirst();
        String suspicion = findings.stream().findFirst().map(Finding::reason).orElse(null);
        if (certain.isPresent()) {
            Finding f = certain.get();
            return new RolloutDiagnosis("failed", ready, desired, false, f.reason(), f.pod(), f.container(),
                    f.containerLogTells(), podLines, suspicion);
        }
        String deadline = progressDeadlineExceeded(status);
        if (deadline != null && observed >= generation) {
            String reason = "ProgressDeadlineExceeded: only " + ready + " of " + desired + " new replicas became ready"
                    + (suspicion == null ? "" : "; " + suspicion);
            return new RolloutDiagnosis("failed", ready, desired, false, reason, null, null, false, podLines,
                    suspicion);
        }
        return new RolloutDiagnosis(phase, ready, desired, false, null, null, null, false, podLines, suspicion);
    }

    /** A cause seen on a pod; certain once it passed its threshold. */
    private record Finding(String reason, boolean certain, String pod, @Nullable String container, boolean containerLogTells) {
    }

    private static List<Finding> findings(Pod pod, List<Event> events, DeployProperties.FailFast thresholds) {
        String podName = pod.getMetadata().getName();
        var found = new ArrayList<Finding>();
        List<Event> podEvents = events.stream().filter(e -> e.getInvolvedObject() != null
                && "Pod".equals(e.getInvolvedObject().getKind()) && podName.equals(e.getInvolvedObject().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), e.getInvolvedObject().getNamespace())).toList();
        for (ContainerStatus container : containers(pod)) {
            ContainerState state = container.getState();
            ContainerState last = container.getLastState();
            int restarts = orZero(container.getRestartCount());
            String waiting = state != null && state.getWaiting() != null ? state.getWaiting().getReason() : null;
            var terminated = last != null && last.getTerminated() != null ? last.getTerminated()
                    : state != null && state.getTerminated() != null ? state.getTerminated() : null;
            if (terminated != null && "OOMKilled".equals(terminated.getReason())) {
                found.add(new Finding("OOMKilled: container " + container.getName() + " ran out of memory"
                        + limit(pod, container.getName()) + " (restarted " + times(restarts) + ")",
                        restarts >= thresholds.restarts(), podName, container.getName(), true));
            } else if ("CrashLoopBackOff".equals(waiting) || terminated != null && restarts > 0) {
                int exit = terminated == null ? 0 : orZero(terminated.getExitCode());
                found.add(new Finding("CrashLoopBackOff: container " + container.getName() + " exited with code "
                        + exit + " (restarted " + times(restarts) + ")", restarts >= thresholds.restarts(), podName,
                        container.getName(), true));
            } else if ("ErrImagePull".equals(waiting) || "ImagePullBackOff".equals(waiting)) {
                int failures = Math.max(1, count(podEvents, "Failed", e -> e.getMessage() != null
                        && e.getMessage().contains("pull")));
                String message = state.getWaiting().getMessage();
                found.add(new Finding(waiting + ": image " + container.getImage() + " could not be pulled"
                        + (message == null || message.isBlank() ? "" : " (" + message + ")"),
                        failures >= thresholds.imagePullFailures(), podName, container.getName(), false));
            } else if ("CreateContainerConfigError".equals(waiting) || "InvalidImageName".equals(waiting)
                    || "CreateContainerError".equals(waiting)) {
                found.add(new Finding(waiting + ": " + state.getWaiting().getMessage(), true, podName,
                        container.getName(), false));
            } else if (state != null && state.getRunning() != null && !Boolean.TRUE.equals(container.getReady())) {
                int failures = count(podEvents, "Unhealthy", e -> e.getMessage() != null
                        && e.getMessage().startsWith("Readiness probe failed"));
                if (failures > 0) {
                    String message = podEvents.stream().filter(e -> "Unhealthy".equals(e.getReason()))
                            .map(Event::getMessage).reduce((a, b) -> b).orElse("Readiness probe failed");
                    found.add(new Finding("Readiness probe failing: " + message + " (" + times(failures) + ")",
                            failures >= thresholds.readinessProbeFailures(), podName, container.getName(), true));
                }
            }
        }
        Optional<PodCondition> unschedulable = Optional.ofNullable(pod.getStatus()).map(s -> s.getConditions())
                .orElse(List.of()).stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .findFirst();
        if (unschedulable.isPresent()) {
            int refusals = Math.max(1, count(podEvents, "FailedScheduling", e -> true));
            found.add(new Finding("Unschedulable: " + unschedulable.get().getMessage(),
                    refusals >= thresholds.schedulingFailures(), podName, null, false));
        }
        return found;
    }

    /** One line per pod for the deployment's log and the pods panel. */
    static String describe(Pod pod) {
        var status = pod.getStatus();
        List<ContainerStatus> containers = containers(pod);
        long readyCount = containers.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int restarts = containers.stream().mapToInt(c -> orZero(c.getRestartCount())).sum();
        String state = containers.stream().map(RolloutDiagnosis::stateOf).filter(Objects::nonNull).findFirst()
                .orElse(status == null || status.getPhase() == null ? "Pending" : status.getPhase());
        return pod.getMetadata().getName() + ": " + state + ", ready " + readyCount + "/"
                + Math.max(containers.size(), podContainerCount(pod)) + ", restarts " + restarts;
    }

    static @Nullable String stateOf(ContainerStatus container) {
        ContainerState state = container.getState();
        if (state == null) {
            return null;
        }
        if (state.getWaiting() != null) {
            return state.getWaiting().getReason();
        }
        if (state.getTerminated() != null) {
            return Objects.requireNonNullElse(state.getTerminated().getReason(), "Terminated");
        }
        return state.getRunning() != null ? "Running" : null;
    }

    static List<ContainerStatus> containers(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(
                Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(), List.<ContainerStatus>of()).stream(),
                Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.<ContainerStatus>of()).stream())
                .toList();
    }

    /** The newest ReplicaSet the Deployment owns, by its revision. */
    static Optional<ReplicaSet> newest(Deployment deployment, List<ReplicaSet> replicaSets) {
        String uid = deployment.getMetadata().getUid();
        return replicaSets.stream()
                .filter(rs -> uid == null || ownedBy(rs.getMetadata().getOwnerReferences(), uid))
                .max(Comparator.comparingLong(rs -> revision(rs)));
    }

    private static boolean sameImages(ReplicaSet rs, Deployment deployment) {
        return images(rs.getSpec() == null ? null : rs.getSpec().getTemplate())
                .equals(images(deployment.getSpec().getTemplate()));
    }

    private static List<String> images(@Nullable PodTemplateSpec template) {
        if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null) {
            return List.of();
        }
        return template.getSpec().getContainers().stream().map(c -> String.valueOf(c.getImage())).toList();
    }

    static boolean ownedBy(Pod pod, String ownerUid) {
        return ownedBy(pod.getMetadata().getOwnerReferences(), ownerUid);
    }

    private static boolean ownedBy(List<OwnerReference> owners, String uid) {
        return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    private static long revision(ReplicaSet rs) {
        var annotations = rs.getMetadata().getAnnotations();
        try {
            return annotations == null || annotations.get(REVISION) == null ? 0 : Long.parseLong(annotations.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean running(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    private static @Nullable String progressDeadlineExceeded(DeploymentStatus status) {
        return status.getConditions() == null ? null : status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()))
                .map(c -> Objects.requireNonNullElse(c.getMessage(), "progress deadline exceeded"))
                .findFirst().orElse(null);
    }

    private static int count(List<Event> events, String reason, Predicate<Event> matching) {
        return events.stream().filter(e -> reason.equals(e.getReason())).filter(matching)
                .mapToInt(e -> Math.max(1, orZero(e.getCount()))).sum();
    }

    private static String limit(Pod pod, String container) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null ? "" : pod.getSpec().getContainers().stream()
                .filter(c -> container.equals(c.getName()) && c.getResources() != null
                        && c.getResources().getLimits() != null && c.getResources().getLimits().get("memory") != null)
                .map(c -> " (limit " + c.getResources().getLimits().get("memory").toString() + ")")
                .findFirst().orElse("");
    }

    private static int podContainerCount(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null ? 1 : pod.getSpec().getContainers().size();
    }

    private static String times(int n) {
        return n == 1 ? "1 time" : n + " times";
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
