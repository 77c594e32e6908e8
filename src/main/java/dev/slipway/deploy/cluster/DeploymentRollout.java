package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One generation of a Deployment on its way to ready, played out in {@link #STEPS} steps. New pods start a step
 * before they get ready, and the old pods make way as the new ones get ready. When only the replica count
 * changed, the running pods are kept and the count moves to the new one. A pod template with an image
 * containing {@code crashloop} never gets ready, and its old pods stay, as a real rollout stalls.
 */
record DeploymentRollout(
        String namespace,
        String name,
        long generation,
        int desired,
        int carried,
        int oldAvailable,
        int minAvailable,
        boolean crashLooping,
        Duration progressDeadline,
        String replicaSetName) {

    static final int STEPS = 4;
    static final String CRASHLOOP_MARKER = "crashloop";

    private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
    private static final String DEFAULT_MAX_UNAVAILABLE = "25%";
    /** The letters Kubernetes uses for pod-template hashes, so replica set names look familiar. */
    private static final String HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /**
     * @param previousReplicaSetName the replica set of the rollout before this one, if known: when the pod
     *     template is the same, only the replica count changed and the ready pods carry over
     */
    static DeploymentRollout of(Deployment deployment, String previousReplicaSetName) {
        DeploymentSpec spec = Objects.requireNonNullElseGet(deployment.getSpec(), DeploymentSpec::new);
        int desired = Objects.requireNonNullElse(spec.getReplicas(), 1);
        boolean crashLooping = desired > 0 && crashLooping(spec.getTemplate());
        String replicaSetName = deployment.getMetadata().getName() + "-" + podTemplateHash(spec.getTemplate());
        int available = Optional.ofNullable(deployment.getStatus())
                .map(DeploymentStatus::getAvailableReplicas)
                .orElse(0);
        // Crash-looping pods are never available, so whatever is available belongs to an older template.
        boolean sameTemplate = replicaSetName.equals(previousReplicaSetName) && !crashLooping;
        int deadlineSeconds = Objects.requireNonNullElse(spec.getProgressDeadlineSeconds(),
                DEFAULT_PROGRESS_DEADLINE_SECONDS);
        return new DeploymentRollout(
                deployment.getMetadata().getNamespace(),
                deployment.getMetadata().getName(),
                Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 1L),
                desired,
                sameTemplate ? available : 0,
                sameTemplate ? 0 : available,
                desired - maxUnavailable(spec.getStrategy(), desired),
                crashLooping,
                Duration.ofSeconds(deadlineSeconds),
                replicaSetName);
    }

    /**
     * The status at {@code step} (0 to {@link #STEPS}).
     *
     * @param previous the conditions last written, so that unchanged conditions keep their transition time
     */
    DeploymentStatus statusAt(int step, boolean deadlineExceeded, Instant now, List<DeploymentCondition> previous) {
        boolean finished = step >= STEPS && !crashLooping;
        int updated = between(carried, desired, Math.min(step + 1, STEPS));
        int newReady = crashLooping ? 0 : between(carried, desired, step);
        int oldRemaining = crashLooping ? oldAvailable
                : finished ? 0
                : Math.min(oldAvailable, Math.max(0, desired - newReady));
        int replicas = updated + oldRemaining;
        int available = newReady + oldRemaining;

        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        DeploymentCondition availableCondition = available >= minAvailable
                ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : condition("Available", "False", "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.");
        DeploymentCondition progressing;
        if (deadlineExceeded && crashLooping) {
            progressing = condition("Progressing", "False", "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + replicaSetName + "\" has timed out progressing.");
        } else if (finished) {
            progressing = condition("Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + replicaSetName + "\" has successfully progressed.");
        } else if (step == 0 && carried == 0) {
            progressing = condition("Progressing", "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + replicaSetName + "\"");
        } else {
            progressing = condition("Progressing", "True", "ReplicaSetUpdated",
                    "ReplicaSet \"" + replicaSetName + "\" is progressing.");
        }
        return new DeploymentStatusBuilder()
                .withObservedGeneration(generation)
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(available)
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, Math.max(desired, replicas) - available))
                .withConditions(stamped(availableCondition, time, previous), stamped(progressing, time, previous))
                .build();
    }

    /** What the Deployment controller would record as the event for this rollout. */
    String scalingMessage() {
        return (desired >= carried ? "Scaled up" : "Scaled down") + " replica set " + replicaSetName + " to " + desired;
    }

    /** The count {@code step} steps of the way from {@code from} to {@code to}. */
    private static int between(int from, int to, int step) {
        return from + Math.round((to - from) * (float) step / STEPS);
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    private static DeploymentCondition stamped(DeploymentCondition condition, String now,
            List<DeploymentCondition> previous) {
        String transition = previous == null ? now : previous.stream()
                .filter(earlier -> earlier.getType().equals(condition.getType())
                        && earlier.getStatus().equals(condition.getStatus()))
                .map(DeploymentCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(now);
        return condition.toBuilder().withLastUpdateTime(now).withLastTransitionTime(transition).build();
    }

    private static boolean crashLooping(PodTemplateSpec template) {
        PodSpec pod = template == null ? null : template.getSpec();
        if (pod == null) {
            return false;
        }
        return Stream.concat(
                        Objects.requireNonNullElse(pod.getContainers(), List.<Container>of()).stream(),
                        Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of()).stream())
                .map(Container::getImage)
                .anyMatch(image -> image != null && image.contains(CRASHLOOP_MARKER));
    }

    /** How many replicas may be unavailable during a rolling update, as the Deployment controller counts. */
    private static int maxUnavailable(DeploymentStrategy strategy, int desired) {
        if (strategy != null && "Recreate".equals(strategy.getType())) {
            return 0;
        }
        IntOrString value = strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxUnavailable();
        int allowed;
        if (value != null && value.getIntVal() != null) {
            allowed = value.getIntVal();
        } else {
            String percent = value != null && value.getStrVal() != null ? value.getStrVal() : DEFAULT_MAX_UNAVAILABLE;
            allowed = desired * Integer.parseInt(percent.replace("%", "").strip()) / 100;
        }
        return Math.max(0, Math.min(allowed, desired));
    }

    private static String podTemplateHash(PodTemplateSpec template) {
        String digits = Integer.toUnsignedString(Serialization.asJson(template).hashCode());
        StringBuilder hash = new StringBuilder(digits.length());
        for (char digit : digits.toCharArray()) {
            hash.append(HASH_ALPHABET.charAt(digit % HASH_ALPHABET.length()));
        }
        return hash.toString();
    }
}
