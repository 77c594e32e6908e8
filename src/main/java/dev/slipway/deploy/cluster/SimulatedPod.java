package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/**
 * One pod as the scheduler and kubelet of the sandbox cluster see it. Its state changes only on the simulator's
 * scheduling thread; {@link #status} renders it as the kubelet would report it.
 */
@NullUnmarked // the rollout state as the simulator builds it up: fields fill in as the Deployment is applied
final class SimulatedPod {

    static final String NODE_NAME = "sandbox-node";
    static final String UNSCHEDULABLE_MESSAGE = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes "
            + "are available: 1 No preemption victims found for incoming pod.";

    enum Stage { PENDING, UNSCHEDULABLE, CREATING, PULL_FAILED, RUNNING, READY, BACK_OFF }

    record Termination(int exitCode, String reason, @Nullable Instant startedAt, @Nullable Instant finishedAt) {
    }

    final String namespace;
    final String name;
    final SimulatedReplicaSet replicaSet;
    final FailureMode mode;
    final PodSpec spec;
    final Map<String, String> labels;
    final Instant createdAt;
    /** Set by the write that creates the pod, read by later writes that name it. */
    volatile @Nullable String uid;

    Stage stage = Stage.PENDING;
    int restartCount;
    int failures;
    @Nullable Instant scheduledAt;
    @Nullable Instant startedAt;
    @Nullable Instant readyAt;
    @Nullable Termination lastTermination;
    @Nullable String waitingReason;
    @Nullable String waitingMessage;
    boolean deleted;
    @Nullable ScheduledFuture<?> nextStep;

    SimulatedPod(String name, SimulatedReplicaSet replicaSet, Instant createdAt) {
        this.namespace = replicaSet.namespace;
        this.name = name;
        this.replicaSet = replicaSet;
        this.mode = replicaSet.mode;
        this.spec = replicaSet.template.getSpec();
        this.labels = replicaSet.podLabels();
        this.createdAt = createdAt;
    }

    boolean isReady() {
        return stage == Stage.READY;
    }

    /** A healthy pod none of whose containers has a readiness probe: ready the moment its containers run. */
    boolean readyOnStart() {
        return mode == FailureMode.HEALTHY && spec.getContainers().stream().allMatch(c -> c.getReadinessProbe() == null);
    }

    List<String> containerNames() {
        return spec.getContainers().stream().map(Container::getName).toList();
    }

    String firstContainer() {
        return spec.getContainers().get(0).getName();
    }

    List<String> images() {
        return spec.getContainers().stream().map(Container::getImage).distinct().toList();
    }

    void cancelNextStep() {
        if (nextStep != null) {
            nextStep.cancel(false);
            nextStep = null;
        }
    }

    /** The pod as the ReplicaSet controller creates it, before the scheduler has placed it. */
    Pod newPod(String replicaSetUid) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(replicaSet.name)
                .withUid(replicaSetUid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(new PodBuilder().withSpec(spec).build().getSpec())
                .build();
    }

    /** Only the status, for the status subresource. */
    Pod statusOnly() {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withStatus(status())
                .build();
    }

    PodStatus status() {
        boolean scheduled = scheduledAt != null;
        boolean ready = stage == Stage.READY;
        boolean everStarted = startedAt != null;
        String notReady = "containers with unready status: [" + String.join(" ", containerNames()) + "]";
        List<PodCondition> conditions = new ArrayList<>();
        if (stage == Stage.UNSCHEDULABLE) {
            conditions.add(condition("PodScheduled", "False", "Unschedulable", UNSCHEDULABLE_MESSAGE, createdAt));
        } else if (scheduled) {
            conditions.add(condition("Initialized", "True", null, null, scheduledAt));
            conditions.add(ready
                    ? condition("Ready", "True", null, null, readyAt)
                    : condition("Ready", "False", "ContainersNotReady", notReady, notReadySince()));
            conditions.add(ready
                    ? condition("ContainersReady", "True", null, null, readyAt)
                    : condition("ContainersReady", "False", "ContainersNotReady", notReady, notReadySince()));
            conditions.add(condition("PodScheduled", "True", null, null, scheduledAt));
        }
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(everStarted ? "Running" : "Pending")
                .withConditions(conditions)
                .withQosClass(qosClass());
        if (scheduled) {
            status.withHostIP("10.0.0.10").withStartTime(time(scheduledAt))
                    .withContainerStatuses(spec.getContainers().stream().map(this::containerStatus).toList());
        }
        if (everStarted) {
            status.withPodIP(podIp());
        }
        return status.build();
    }

    private Instant notReadySince() {
        return startedAt != null ? startedAt : scheduledAt;
    }

    private ContainerStatus containerStatus(Container container) {
        boolean running = stage == Stage.RUNNING || stage == Stage.READY;
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(startedAt == null ? "" : imageId(container.getImage()))
                .withReady(stage == Stage.READY)
                .withStarted(running)
                .withRestartCount(restartCount)
                .withState(state())
                .withLastState(lastTermination == null ? new ContainerState() : terminated(lastTermination));
        if (startedAt != null) {
            status.withContainerID("containerd://" + hex(name + container.getName() + restartCount, 64));
        }
        return status.build();
    }

    private ContainerState state() {
        return switch (stage) {
            case RUNNING, READY -> new ContainerStateBuilder().withNewRunning().withStartedAt(time(startedAt)).endRunning()
                    .build();
            case CREATING -> waiting("ContainerCreating", null);
            case PULL_FAILED, BACK_OFF -> waiting(waitingReason, waitingMessage);
            case PENDING, UNSCHEDULABLE -> waiting("ContainerCreating", null);
        };
    }

    private static ContainerState waiting(@Nullable String reason, @Nullable String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(Termination termination) {
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(termination.exitCode())
                .withReason(termination.reason())
                .withStartedAt(time(termination.startedAt()))
                .withFinishedAt(time(termination.finishedAt()))
                .endTerminated()
                .build();
    }

    private static PodCondition condition(String type, String status, @Nullable String reason, @Nullable String message, @Nullable Instant since) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(time(since)).build();
    }

    private String qosClass() {
        boolean anyResources = spec.getContainers().stream().anyMatch(c -> c.getResources() != null
                && (c.getResources().getRequests() != null && !c.getResources().getRequests().isEmpty()
                        || c.getResources().getLimits() != null && !c.getResources().getLimits().isEmpty()));
        return anyResources ? "Burstable" : "BestEffort";
    }

    private String podIp() {
        int hash = name.hashCode();
        return "10.244." + ((hash >>> 8) & 0xff) + "." + (1 + (hash & 0xfe));
    }

    static String imageId(String image) {
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@'))
                : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(0, image.lastIndexOf(':')) : image;
        return repository + "@sha256:" + hex(image, 64);
    }

    /** A stable hexadecimal string of {@code length} digits made from {@code seed}. */
    static String hex(String seed, int length) {
        StringBuilder digits = new StringBuilder(length);
        long state = seed.hashCode();
        while (digits.length() < length) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            digits.append(HexFormat.of().toHexDigits(state));
        }
        return digits.substring(0, length);
    }

    static @Nullable String time(@Nullable Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public String toString() {
        return namespace + "/" + name + " " + stage + labels.entrySet().stream().map(Map.Entry::toString)
                .collect(Collectors.joining(",", " {", "}"));
    }
}
