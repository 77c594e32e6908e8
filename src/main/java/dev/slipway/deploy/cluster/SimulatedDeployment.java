package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/**
 * A Deployment as the sandbox's Deployment controller keeps it: its ReplicaSets, the one for the current pod
 * template, and what its status last said. {@link #scale} is the rolling update's arithmetic; touched only on
 * the simulator's scheduling thread.
 */
@NullUnmarked // the rollout state as the simulator builds it up: fields fill in as the Deployment is applied
@RequiredArgsConstructor
final class SimulatedDeployment {

    record Scaling(SimulatedReplicaSet replicaSet, int from, int to) {

        String message() {
            return "Scaled " + (to > from ? "up" : "down") + " replica set " + replicaSet.name + " to " + to
                    + " from " + from;
        }
    }

    final String namespace;
    final String name;
    final Map<String, SimulatedReplicaSet> replicaSets = new LinkedHashMap<>();
    @Nullable String uid;
    long generation;
    int desired;
    @Nullable RollingUpdate strategy;
    @Nullable Duration progressDeadline;
    @Nullable SimulatedReplicaSet current;
    @Nullable String progressReason;
    @Nullable String progressMessage;
    @Nullable Instant lastProgressAt;
    String lastCounts = "";
    boolean deadlineExceeded;
    List<DeploymentCondition> conditions = List.of();
    String lastWrittenStatus = "";
    boolean flushScheduled;
    @Nullable ScheduledFuture<?> deadlineCheck;

    String key() {
        return namespace + "/" + name;
    }

    long nextRevision() {
        return replicaSets.values().stream().mapToLong(rs -> rs.revision).max().orElse(0) + 1;
    }

    List<SimulatedReplicaSet> oldReplicaSets() {
        return replicaSets.values().stream().filter(rs -> rs != current)
                .sorted(Comparator.comparingLong(rs -> rs.revision)).toList();
    }

    boolean hasServingOldPods() {
        return oldReplicaSets().stream().anyMatch(rs -> rs.readyPods() > 0);
    }

    /** Sets the ReplicaSets' replica counts one step further along the rollout and says what changed. */
    List<Scaling> scale() {
        List<Scaling> changes = new ArrayList<>();
        if (strategy.recreate()) {
            oldReplicaSets().forEach(rs -> resize(rs, 0, changes));
            if (oldReplicaSets().stream().allMatch(rs -> rs.pods.isEmpty())) {
                resize(current, desired, changes);
            }
            return changes;
        }
        int total = totalReplicas();
        if (current.replicas > desired) {
            resize(current, desired, changes);
        } else if (current.replicas < desired) {
            int allowed = desired + strategy.maxSurge() - total;
            if (allowed > 0) {
                resize(current, Math.min(desired, current.replicas + allowed), changes);
            }
        }
        int minAvailable = desired - strategy.maxUnavailable();
        int newUnavailable = current.replicas - current.readyPods();
        int maxScaledDown = totalReplicas() - minAvailable - newUnavailable;
        for (SimulatedReplicaSet old : oldReplicaSets()) {
            if (maxScaledDown <= 0) {
                break;
            }
            if (old.replicas > 0) {
                int down = Math.min(old.replicas, maxScaledDown);
                resize(old, old.replicas - down, changes);
                maxScaledDown -= down;
            }
        }
        return changes;
    }

    boolean complete() {
        int updated = current.pods.size();
        int all = replicaSets.values().stream().mapToInt(rs -> rs.pods.size()).sum();
        return current.replicas == desired && updated == desired && all == desired && current.readyPods() == desired;
    }

    /** The counts progress is measured by: when they move, the progress deadline starts again. */
    String counts() {
        return current.pods.size() + "/" + readyPods() + "/" + replicaSets.values().stream()
                .mapToInt(rs -> rs.pods.size()).sum();
    }

    /** Only the status, for the status subresource. */
    Deployment statusOnly(Instant now) {
        int replicas = replicaSets.values().stream().mapToInt(rs -> rs.pods.size()).sum();
        int ready = readyPods();
        int minAvailable = desired - strategy.maxUnavailable();
        String rsName = "ReplicaSet \"" + current.name + "\"";
        DeploymentCondition available = ready >= minAvailable
                ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : condition("Available", "False", "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.");
        DeploymentCondition progressing;
        if (complete()) {
            progressing = condition("Progressing", "True", "NewReplicaSetAvailable",
                    rsName + " has successfully progressed.");
        } else if (deadlineExceeded) {
            progressing = condition("Progressing", "False", "ProgressDeadlineExceeded",
                    rsName + " has timed out progressing.");
        } else {
            progressing = condition("Progressing", "True", progressReason, progressMessage);
        }
        conditions = List.of(stamped(available, now), stamped(progressing, now));
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewStatus()
                .withObservedGeneration(generation)
                .withReplicas(replicas)
                .withUpdatedReplicas(current.pods.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, Math.max(desired, totalReplicas()) - ready))
                .withConditions(conditions)
                .endStatus()
                .build();
    }

    private int readyPods() {
        return replicaSets.values().stream().mapToInt(SimulatedReplicaSet::readyPods).sum();
    }

    private int totalReplicas() {
        return replicaSets.values().stream().mapToInt(rs -> rs.replicas).sum();
    }

    private static void resize(@Nullable SimulatedReplicaSet replicaSet, int to, List<Scaling> changes) {
        if (replicaSet.replicas != to) {
            changes.add(new Scaling(replicaSet, replicaSet.replicas, to));
            replicaSet.replicas = to;
            replicaSet.generation++;
        }
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).build();
    }

    /** Keeps the transition time of a condition whose status did not change, and the update time of an unchanged one. */
    private DeploymentCondition stamped(DeploymentCondition condition, Instant now) {
        String time = SimulatedPod.time(now);
        DeploymentCondition earlier = conditions.stream().filter(c -> c.getType().equals(condition.getType()))
                .findFirst().orElse(null);
        boolean sameStatus = earlier != null && earlier.getStatus().equals(condition.getStatus());
        boolean unchanged = sameStatus && Objects.equals(earlier.getReason(), condition.getReason())
                && Objects.equals(earlier.getMessage(), condition.getMessage());
        return condition.toBuilder()
                .withLastTransitionTime(sameStatus ? earlier.getLastTransitionTime() : time)
                .withLastUpdateTime(unchanged ? earlier.getLastUpdateTime() : time)
                .build();
    }
}
