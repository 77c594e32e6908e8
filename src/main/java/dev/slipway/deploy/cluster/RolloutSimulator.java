package dev.slipway.deploy.cluster;

import dev.slipway.deploy.cluster.ClusterEvents.Source;
import dev.slipway.deploy.cluster.ClusterEvents.Subject;
import dev.slipway.deploy.cluster.SimulatedDeployment.Scaling;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Deployment and ReplicaSet controllers of the sandbox cluster, and through {@link SandboxKubelet} its
 * scheduler and kubelet. For every Deployment generation with a new pod template it creates a ReplicaSet and its
 * pods, rolls the old ReplicaSets down as the new pods get ready (maxSurge and maxUnavailable as the strategy
 * says), and derives the Deployment's status from the pods, with ProgressDeadlineExceeded when the new pods
 * stop making progress. A healthy rollout takes about the rollout time; images naming a {@link FailureMode} fail
 * as a real cluster would. It talks to the API server only through the fabric8 client, so watches see every step.
 *
 * <p>One scheduling thread owns all state and never waits on HTTP: writes queue on {@link WriteLanes}. On start
 * it reads the ReplicaSets and pods already stored, so that rollouts left in flight by a restart carry on.
 */
public final class RolloutSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutSimulator.class);

    /** The letters Kubernetes uses for generated names and hashes, so names look familiar. */
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
    private static final int WRITE_LANES = 4;
    private static final int MAX_SYNCS = 4;

    private final KubernetesClient client;
    private final Duration rolloutTime;
    private final SandboxTimings timings;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-rollouts");
        thread.setDaemon(true);
        return thread;
    });
    private final WriteLanes writes = new WriteLanes(WRITE_LANES);
    private final ClusterEvents events;
    private final SandboxKubelet kubelet;
    private final Map<String, SimulatedDeployment> deployments = new HashMap<>();
    /** ReplicaSets and pods found in the store at start, by the uid of their owner, until their owner turns up. */
    private final Map<String, List<ReplicaSet>> storedReplicaSets = new HashMap<>();
    private final Map<String, List<Pod>> storedPods = new HashMap<>();
    private @Nullable SharedIndexInformer<Deployment> informer;

    /**
     * @param client a client of the sandbox API server; it stays the caller's to close
     * @param rolloutTime how long a healthy rollout takes from the apply to all pods ready
     */
    public RolloutSimulator(KubernetesClient client, Duration rolloutTime) {
        this(client, rolloutTime, Clock.systemUTC());
    }

    RolloutSimulator(KubernetesClient client, Duration rolloutTime, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.rolloutTime = Objects.requireNonNull(rolloutTime);
        this.clock = Objects.requireNonNull(clock);
        if (rolloutTime.isNegative()) {
            throw new IllegalArgumentException("rollout time must not be negative: " + rolloutTime);
        }
        this.timings = new SandboxTimings(rolloutTime);
        this.events = new ClusterEvents(client, clock);
        this.kubelet = new SandboxKubelet(client, thread, writes, events, timings, clock, this::podReady);
    }

    /** Begins watching Deployments in all namespaces, including those that exist already. */
    public synchronized void start() {
        if (informer != null) {
            throw new IllegalStateException("the rollout simulator is already running");
        }
        for (ReplicaSet stored : client.apps().replicaSets().inAnyNamespace().list().getItems()) {
            controllerUid(stored.getMetadata().getOwnerReferences())
                    .ifPresent(owner -> storedReplicaSets.computeIfAbsent(owner, o -> new ArrayList<>()).add(stored));
        }
        for (Pod stored : client.pods().inAnyNamespace().list().getItems()) {
            controllerUid(stored.getMetadata().getOwnerReferences())
                    .ifPresent(owner -> storedPods.computeIfAbsent(owner, o -> new ArrayList<>()).add(stored));
        }
        informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                thread.execute(() -> consider(deployment));
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                thread.execute(() -> consider(deployment));
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                thread.execute(() -> remove(deployment));
            }
        }, 0);
        log.info("Sandbox cluster: rollout simulator watching Deployments in all namespaces ({} per rollout)",
                rolloutTime);
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
        thread.shutdownNow();
        writes.close();
    }

    private void consider(Deployment deployment) {
        DeploymentSpec spec = deployment.getSpec();
        if (spec == null || spec.getTemplate() == null || FailureMode.of(spec.getTemplate()) == FailureMode.UNRESPONSIVE) {
            return; // like a cluster whose controller never gets round to it: only the deployer's own timeout ends it
        }
        String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 1L);
        SimulatedDeployment simulated = deployments.get(key);
        if (simulated == null) {
            simulated = new SimulatedDeployment(deployment.getMetadata().getNamespace(),
                    deployment.getMetadata().getName());
            simulated.uid = deployment.getMetadata().getUid();
            deployments.put(key, simulated);
            restore(simulated, deployment);
        }
        if (simulated.generation >= generation) {
            return;
        }
        simulated.generation = generation;
        simulated.desired = Objects.requireNonNullElse(spec.getReplicas(), 1);
        simulated.strategy = RollingUpdate.of(spec.getStrategy(), simulated.desired);
        simulated.progressDeadline = Duration.ofSeconds(
                Objects.requireNonNullElse(spec.getProgressDeadlineSeconds(), DEFAULT_PROGRESS_DEADLINE_SECONDS));
        String hash = podTemplateHash(spec.getTemplate());
        SimulatedReplicaSet replicaSet = simulated.replicaSets.get(hash);
        Instant now = clock.instant();
        if (replicaSet == null) {
            replicaSet = new SimulatedReplicaSet(simulated.namespace, simulated.name, hash, spec.getTemplate(),
                    simulated.nextRevision());
            boolean rolling = simulated.hasServingOldPods();
            replicaSet.podReadyTime = timings.podReady(rolling ? simulated.strategy.batches(simulated.desired) : 1);
            simulated.replicaSets.put(hash, replicaSet);
            simulated.current = replicaSet;
            simulated.progressReason = "NewReplicaSetCreated";
            simulated.progressMessage = "Created new replica set \"" + replicaSet.name + "\"";
            createReplicaSet(simulated, replicaSet);
            log.info("Sandbox cluster: rolling out generation {} of Deployment {} to {} replica(s) through {}{}",
                    generation, key, simulated.desired, replicaSet.name,
                    replicaSet.mode == FailureMode.HEALTHY ? "" : " (its image asks for " + replicaSet.mode + ")");
        } else {
            if (replicaSet != simulated.current && simulated.current != null) {
                replicaSet.revision = simulated.nextRevision();
                writeReplicaSet(simulated, replicaSet);
            }
            if (replicaSet.podReadyTime == null) {
                replicaSet.podReadyTime = timings.podReady(1);
            }
            simulated.current = replicaSet;
            simulated.progressReason = "FoundNewReplicaSet";
            simulated.progressMessage = "Found new replica set \"" + replicaSet.name + "\"";
        }
        simulated.lastProgressAt = now;
        simulated.deadlineExceeded = false;
        reconcile(simulated);
    }

    /** Takes over the ReplicaSets and pods a Deployment had before a restart, and carries their pods on. */
    private void restore(SimulatedDeployment simulated, Deployment deployment) {
        List<ReplicaSet> replicaSets = storedReplicaSets.remove(simulated.uid);
        if (replicaSets == null) {
            return;
        }
        for (ReplicaSet stored : replicaSets) {
            String hash = stored.getMetadata().getLabels().get(SimulatedReplicaSet.HASH_LABEL);
            String revision = stored.getMetadata().getAnnotations().get(SimulatedReplicaSet.REVISION_ANNOTATION);
            SimulatedReplicaSet replicaSet = new SimulatedReplicaSet(simulated.namespace, simulated.name, hash,
                    stored.getSpec().getTemplate(), revision == null ? 1 : Long.parseLong(revision));
            replicaSet.uid = stored.getMetadata().getUid();
            replicaSet.replicas = Objects.requireNonNullElse(stored.getSpec().getReplicas(), 0);
            replicaSet.generation = Objects.requireNonNullElse(stored.getMetadata().getGeneration(), 1L);
            replicaSet.podReadyTime = timings.podReady(1);
            for (Pod pod : storedPods.getOrDefault(replicaSet.uid, List.of())) {
                SimulatedPod simulatedPod = StoredPods.restore(pod, replicaSet);
                replicaSet.pods.add(simulatedPod);
                kubelet.resume(simulatedPod);
            }
            storedPods.remove(replicaSet.uid);
            simulated.replicaSets.put(hash, replicaSet);
        }
        DeploymentSpec spec = deployment.getSpec();
        long observed = Optional.ofNullable(deployment.getStatus()).map(DeploymentStatus::getObservedGeneration)
                .orElse(0L);
        simulated.current = simulated.replicaSets.get(podTemplateHash(spec.getTemplate()));
        if (simulated.current != null && observed >= Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 1L)) {
            simulated.generation = observed;
            simulated.desired = Objects.requireNonNullElse(spec.getReplicas(), 1);
            simulated.strategy = RollingUpdate.of(spec.getStrategy(), simulated.desired);
            simulated.progressDeadline = Duration.ofSeconds(
                    Objects.requireNonNullElse(spec.getProgressDeadlineSeconds(), DEFAULT_PROGRESS_DEADLINE_SECONDS));
            simulated.progressReason = "ReplicaSetUpdated";
            simulated.progressMessage = "ReplicaSet \"" + Objects.requireNonNull(simulated.current).name + "\" is progressing.";
            simulated.lastProgressAt = clock.instant();
            simulated.conditions = Optional.ofNullable(deployment.getStatus()).map(DeploymentStatus::getConditions)
                    .orElse(List.of());
            log.info("Sandbox cluster: resuming Deployment {} with {} ReplicaSet(s)", simulated.key(),
                    simulated.replicaSets.size());
            reconcile(simulated);
        }
    }

    /** Runs the controllers once over a Deployment: scales its ReplicaSets and makes their pods match. */
    private void reconcile(SimulatedDeployment simulated) {
        // Scaling old pods down makes room to scale new ones up, which the controller does on its next sync.
        for (int sync = 0; sync < MAX_SYNCS; sync++) {
            List<Scaling> changes = simulated.scale();
            if (changes.isEmpty()) {
                break;
            }
            for (Scaling scaling : changes) {
                writeReplicaSet(simulated, scaling.replicaSet());
                String message = scaling.message();
                writes.submit(simulated.key(), () -> events.normal(subject(simulated), Source.DEPLOYMENT_CONTROLLER,
                        "ScalingReplicaSet", message));
            }
        }
        for (SimulatedReplicaSet replicaSet : simulated.replicaSets.values()) {
            while (replicaSet.pods.size() < replicaSet.replicas) {
                createPod(replicaSet);
            }
            while (replicaSet.pods.size() > replicaSet.replicas) {
                deletePod(replicaSet);
            }
        }
        statusChanged(simulated);
    }

    private void podReady(SimulatedPod pod) {
        SimulatedDeployment simulated = deployments.get(pod.replicaSet.lane());
        if (simulated != null) {
            simulated.progressReason = "ReplicaSetUpdated";
            simulated.progressMessage = "ReplicaSet \"" + Objects.requireNonNull(simulated.current).name + "\" is progressing.";
            reconcile(simulated);
        }
    }

    private void createReplicaSet(SimulatedDeployment simulated, SimulatedReplicaSet replicaSet) {
        ReplicaSet object = replicaSet.object(simulated.name, simulated.uid);
        writes.submit(simulated.key(), () -> replicaSet.uid = client.apps().replicaSets()
                .inNamespace(replicaSet.namespace).resource(object).create().getMetadata().getUid());
    }

    private void writeReplicaSet(SimulatedDeployment simulated, SimulatedReplicaSet replicaSet) {
        ReplicaSet object = replicaSet.object(simulated.name, simulated.uid);
        writes.submit(simulated.key(), () -> client.apps().replicaSets().inNamespace(replicaSet.namespace)
                .resource(object).update());
    }

    private void createPod(SimulatedReplicaSet replicaSet) {
        SimulatedPod pod = new SimulatedPod(replicaSet.name + "-" + randomSuffix(), replicaSet, clock.instant());
        replicaSet.pods.add(pod);
        writes.submit(replicaSet.lane(), () -> {
            pod.uid = client.pods().inNamespace(pod.namespace).resource(pod.newPod(replicaSet.uid)).create()
                    .getMetadata().getUid();
            events.normal(subject(replicaSet), Source.REPLICASET_CONTROLLER, "SuccessfulCreate",
                    "Created pod: " + pod.name);
        });
        kubelet.admit(pod);
    }

    /** Removes the pod a ReplicaSet controller would pick first: one not ready, then the newest. */
    private void deletePod(SimulatedReplicaSet replicaSet) {
        SimulatedPod victim = replicaSet.pods.stream().filter(pod -> !pod.isReady()).reduce((a, b) -> b)
                .orElse(replicaSet.pods.get(replicaSet.pods.size() - 1));
        replicaSet.pods.remove(victim);
        kubelet.kill(victim);
        writes.submit(replicaSet.lane(), () -> events.normal(subject(replicaSet), Source.REPLICASET_CONTROLLER,
                "SuccessfulDelete", "Deleted pod: " + victim.name));
    }

    /** Writes the statuses once for a burst of changes. */
    private void statusChanged(SimulatedDeployment simulated) {
        if (!simulated.flushScheduled) {
            simulated.flushScheduled = true;
            thread.schedule(() -> writeStatuses(simulated), timings.statusBatching().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void writeStatuses(SimulatedDeployment simulated) {
        simulated.flushScheduled = false;
        if (deployments.get(simulated.key()) != simulated) {
            return;
        }
        Instant now = clock.instant();
        String counts = simulated.counts();
        if (!counts.equals(simulated.lastCounts)) {
            simulated.lastCounts = counts;
            simulated.lastProgressAt = now;
            simulated.deadlineExceeded = false;
        }
        boolean complete = simulated.complete();
        if (!complete && !simulated.deadlineExceeded) {
            watchDeadline(simulated);
        }
        for (SimulatedReplicaSet replicaSet : simulated.replicaSets.values()) {
            ReplicaSet status = replicaSet.statusOnly();
            String rsWritten = Serialization.asJson(status.getStatus());
            if (!rsWritten.equals(replicaSet.lastWrittenStatus)) {
                replicaSet.lastWrittenStatus = rsWritten;
                writes.submit(simulated.key(), () -> client.apps().replicaSets().inNamespace(replicaSet.namespace)
                        .resource(status).patchStatus());
            }
        }
        Deployment status = simulated.statusOnly(now);
        String written = Serialization.asJson(status.getStatus());
        if (!written.equals(simulated.lastWrittenStatus)) {
            simulated.lastWrittenStatus = written;
            writes.submit(simulated.key(), () -> client.apps().deployments().inNamespace(simulated.namespace)
                    .resource(status).patchStatus());
            if (complete) {
                log.info("Sandbox cluster: Deployment {} generation {} is ready", simulated.key(), simulated.generation);
            }
        }
    }

    private void watchDeadline(SimulatedDeployment simulated) {
        if (simulated.deadlineCheck != null) {
            simulated.deadlineCheck.cancel(false);
        }
        Duration left = Duration.between(clock.instant(), simulated.lastProgressAt.plus(simulated.progressDeadline));
        simulated.deadlineCheck = thread.schedule(() -> {
            if (!simulated.complete() && !simulated.deadlineExceeded && !clock.instant()
                    .isBefore(simulated.lastProgressAt.plus(simulated.progressDeadline))) {
                simulated.deadlineExceeded = true;
                log.info("Sandbox cluster: Deployment {} generation {} exceeded its progress deadline of {}",
                        simulated.key(), simulated.generation, simulated.progressDeadline);
                statusChanged(simulated);
            }
        }, Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Removes what a deleted Deployment owned, as the garbage collector would. */
    private void remove(Deployment deployment) {
        String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
        SimulatedDeployment simulated = deployments.remove(key);
        if (simulated == null) {
            return;
        }
        if (simulated.deadlineCheck != null) {
            simulated.deadlineCheck.cancel(false);
        }
        for (SimulatedReplicaSet replicaSet : simulated.replicaSets.values()) {
            replicaSet.pods.forEach(kubelet::kill);
            writes.submit(key, () -> client.apps().replicaSets().inNamespace(replicaSet.namespace)
                    .withName(replicaSet.name).delete());
        }
    }

    private static Subject subject(SimulatedDeployment simulated) {
        return new Subject("apps/v1", "Deployment", simulated.namespace, simulated.name, simulated.uid);
    }

    private static Subject subject(SimulatedReplicaSet replicaSet) {
        return new Subject("apps/v1", "ReplicaSet", replicaSet.namespace, replicaSet.name, replicaSet.uid);
    }

    private static Optional<String> controllerUid(List<OwnerReference> owners) {
        return owners == null ? Optional.empty() : owners.stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController()))
                .map(OwnerReference::getUid)
                .findFirst();
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }

    static String podTemplateHash(PodTemplateSpec template) {
        String digits = Integer.toUnsignedString(Serialization.asJson(template).hashCode());
        StringBuilder hash = new StringBuilder(digits.length());
        for (char digit : digits.toCharArray()) {
            hash.append(NAME_ALPHABET.charAt(digit % NAME_ALPHABET.length()));
        }
        return hash.toString();
    }
}
