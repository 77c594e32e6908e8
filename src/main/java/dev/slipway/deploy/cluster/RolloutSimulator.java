package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Deployment controller for the sandbox cluster: it watches Deployments in all namespaces and moves
 * every one whose {@code metadata.generation} is ahead of {@code status.observedGeneration} to ready over the
 * rollout time, through the status subresource, as a real cluster would report it. It talks to the API server
 * only through the fabric8 client.
 *
 * <p>A Deployment whose image contains {@code unresponsive} is never acted on at all (no status, no
 * progress deadline), as when a cluster's controller is down.
 *
 * <p>A pod image containing {@code crashloop} never gets ready; once the Deployment's
 * {@code progressDeadlineSeconds} have passed, Progressing turns False with reason ProgressDeadlineExceeded.
 * A newer generation arriving mid-rollout replaces the rollout in flight.
 */
public final class RolloutSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutSimulator.class);

    private final KubernetesClient client;
    private final Duration rolloutTime;
    private final Clock clock;
    /** One thread owns every rollout, so steps happen in order and need no locks. */
    private final ScheduledExecutorService rolloutThread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-rollouts");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Rollout> rollouts = new HashMap<>();
    private SharedIndexInformer<Deployment> informer;

    /**
     * @param client a client of the sandbox API server; it stays the caller's to close
     * @param rolloutTime how long a healthy rollout takes from start to ready
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
    }

    /** Begins watching Deployments in all namespaces, including those that exist already. */
    public synchronized void start() {
        if (informer != null) {
            throw new IllegalStateException("the rollout simulator is already running");
        }
        informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                rolloutThread.execute(() -> consider(deployment));
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                rolloutThread.execute(() -> consider(deployment));
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                rolloutThread.execute(() -> forget(keyOf(deployment)));
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
        rolloutThread.shutdownNow();
    }

    private void consider(Deployment deployment) {
        if (unresponsive(deployment)) {
            return; // like a cluster whose controller never gets round to it: only the deployer's own timeout ends it
        }
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        long observed = Optional.ofNullable(deployment.getStatus())
                .map(DeploymentStatus::getObservedGeneration)
                .orElse(0L);
        String key = keyOf(deployment);
        Rollout current = rollouts.get(key);
        if (generation <= observed || current != null && current.plan.generation() >= generation) {
            return;
        }
        if (current != null && current.inFlight()) {
            log.info("Sandbox cluster: generation {} of Deployment {} replaces the rollout of generation {}",
                    generation, key, current.plan.generation());
        }
        if (current != null) {
            current.cancel();
        }
        String previousReplicaSet = current == null ? null : current.plan.replicaSetName();
        Rollout rollout = new Rollout(DeploymentRollout.of(deployment, previousReplicaSet), conditionsOf(deployment));
        rollouts.put(key, rollout);
        rollout.begin();
    }

    static final String UNRESPONSIVE_MARKER = "unresponsive";

    private static boolean unresponsive(Deployment deployment) {
        return deployment.getSpec() != null && deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .anyMatch(c -> c.getImage() != null && c.getImage().contains(UNRESPONSIVE_MARKER));
    }

    private void forget(String key) {
        Rollout rollout = rollouts.remove(key);
        if (rollout != null) {
            rollout.cancel();
        }
    }

    private static String keyOf(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    private static List<DeploymentCondition> conditionsOf(Deployment deployment) {
        return Optional.ofNullable(deployment.getStatus()).map(DeploymentStatus::getConditions).orElse(List.of());
    }

    /** One generation's rollout; touched only on the rollout thread. */
    private final class Rollout {

        private final DeploymentRollout plan;
        private final List<ScheduledFuture<?>> pending = new ArrayList<>();
        private List<DeploymentCondition> conditions;
        private int step;
        private boolean deadlineExceeded;

        Rollout(DeploymentRollout plan, List<DeploymentCondition> conditions) {
            this.plan = plan;
            this.conditions = conditions;
        }

        void begin() {
            log.info("Sandbox cluster: rolling out generation {} of Deployment {}/{} to {} replica(s){}",
                    plan.generation(), plan.namespace(), plan.name(), plan.desired(),
                    plan.crashLooping() ? " (its image crash-loops, so it will not get ready)" : "");
            recordEvent("ScalingReplicaSet", plan.scalingMessage());
            long stepNanos = rolloutTime.toNanos() / DeploymentRollout.STEPS;
            for (int next = 0; next <= DeploymentRollout.STEPS; next++) {
                int target = next;
                pending.add(rolloutThread.schedule(() -> advanceTo(target), stepNanos * next, TimeUnit.NANOSECONDS));
            }
            if (plan.crashLooping()) {
                pending.add(rolloutThread.schedule(this::exceedDeadline, plan.progressDeadline().toNanos(),
                        TimeUnit.NANOSECONDS));
            }
        }

        boolean inFlight() {
            return pending.stream().anyMatch(step -> !step.isDone());
        }

        void cancel() {
            pending.forEach(future -> future.cancel(false));
        }

        private void advanceTo(int target) {
            step = target;
            if (writeStatus() && step == DeploymentRollout.STEPS && !plan.crashLooping()) {
                log.info("Sandbox cluster: Deployment {}/{} generation {} is ready", plan.namespace(), plan.name(),
                        plan.generation());
            }
        }

        private void exceedDeadline() {
            deadlineExceeded = true;
            if (writeStatus()) {
                log.info("Sandbox cluster: Deployment {}/{} generation {} exceeded its progress deadline of {}",
                        plan.namespace(), plan.name(), plan.generation(), plan.progressDeadline());
            }
        }

        private boolean writeStatus() {
            DeploymentStatus status = plan.statusAt(step, deadlineExceeded, clock.instant(), conditions);
            conditions = status.getConditions();
            Deployment statusOnly = new DeploymentBuilder()
                    .withNewMetadata().withNamespace(plan.namespace()).withName(plan.name()).endMetadata()
                    .withStatus(status)
                    .build();
            try {
                client.apps().deployments().inNamespace(plan.namespace()).resource(statusOnly).patchStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    forget(plan.namespace() + "/" + plan.name());
                } else if (!rolloutThread.isShutdown()) {
                    log.warn("Sandbox cluster: could not update the status of Deployment {}/{}: {}",
                            plan.namespace(), plan.name(), e.getMessage());
                }
                return false;
            }
        }

        private void recordEvent(String reason, String message) {
            Instant instant = clock.instant();
            String now = instant.truncatedTo(ChronoUnit.SECONDS).toString();
            // Named like the Deployment controller's events: the object's name and a unique hexadecimal suffix.
            String name = plan.name() + "." + Long.toHexString(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
            Event event = new EventBuilder()
                    .withNewMetadata()
                    .withNamespace(plan.namespace())
                    .withName(name)
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withNamespace(plan.namespace())
                    .withName(plan.name())
                    .endInvolvedObject()
                    .withType("Normal")
                    .withReason(reason)
                    .withMessage(message)
                    .withNewSource().withComponent("deployment-controller").endSource()
                    .withReportingComponent("deployment-controller")
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .build();
            try {
                client.v1().events().inNamespace(plan.namespace()).resource(event).create();
            } catch (KubernetesClientException e) {
                log.debug("Sandbox cluster: could not record event {} for Deployment {}/{}", reason,
                        plan.namespace(), plan.name(), e);
            }
        }
    }
}
