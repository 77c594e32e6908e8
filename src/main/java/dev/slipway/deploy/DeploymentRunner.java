package dev.slipway.deploy;

import dev.slipway.access.GrantAction;
import dev.slipway.access.ProductionAccess;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.shared.DatabaseUnavailable;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries deployments out and talks to the clusters. It claims deployments from the queue ({@link DeploymentStore}),
 * applies each manifest with server-side apply (field manager {@code slipway}) on a bounded pool, and then follows
 * every rollout through its cluster's shared {@link RolloutWatcher}: a rollout is a {@link Rollout} record looked at
 * again when its workload changes, not a thread. It fails a rollout as soon as its pods say why
 * ({@link RolloutDiagnosis}), rolls back where the environment asks for it, and resumes what a stopped process left
 * underway by reading the cluster first.
 */
@Component
class DeploymentRunner implements DisposableBean, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    private static final int LOG_LINES = 20;

    private final DeploymentStore store;
    private final Deployments deployments;
    private final DeploySettingsStore settings;
    private final ManifestRenderer renderer;
    private final Clusters clusters;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final Releases releases;
    private final AccessPolicy access;
    private final ProductionAccess production;
    private final ApplicationEventPublisher events;
    private final DeployProperties properties;
    private final ManifestApplier applier;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

    private final Map<Long, Rollout> rollouts = new ConcurrentHashMap<>();
    private final Map<String, Rollout> byWorkload = new ConcurrentHashMap<>();
    private final Set<Long> applying = ConcurrentHashMap.newKeySet();
    private final Map<KubernetesClient, RolloutWatcher> watchers = new ConcurrentHashMap<>();
    private final Map<KubernetesClient, FailedStart> failedStarts = new ConcurrentHashMap<>();
    private final ThreadPoolTaskExecutor claimer = pool("slipway-queue", 1);
    private final ThreadPoolTaskExecutor appliers;
    private final ThreadPoolTaskExecutor lookers;
    private final ThreadPoolTaskScheduler retrier = new ThreadPoolTaskSchedulerBuilder().poolSize(1)
            .threadNamePrefix("slipway-retry-").customizers(scheduler -> scheduler.setDaemon(true)).build();
    private final ApplyBackOff backOff;
    private final AtomicBoolean claimPending = new AtomicBoolean();
    private volatile Instant lastRenewal = Instant.EPOCH;
    private volatile boolean stopping;

    DeploymentRunner(DeploymentStore store, Deployments deployments, DeploySettingsStore settings,
            ManifestRenderer renderer, Clusters clusters, ServiceCatalog services, EnvironmentCatalog environments,
            Releases releases, AccessPolicy access, ProductionAccess production, ApplicationEventPublisher events,
            DeployProperties properties, ManifestApplier applier, TransactionTemplate transaction, Clock clock) {
        this.applier = applier;
        this.store = store;
        this.deployments = deployments;
        this.settings = settings;
        this.renderer = renderer;
        this.clusters = clusters;
        this.services = services;
        this.environments = environments;
        this.releases = releases;
        this.access = access;
        this.production = production;
        this.events = events;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
        this.backOff = new ApplyBackOff(properties.apply(), clock);
        this.appliers = pool("slipway-apply", properties.applyThreads());
        this.lookers = pool("slipway-rollouts", properties.evaluatorThreads());
        this.retrier.initialize();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // Every replica polls, unlike the jobs in ScheduledJobs: deployments are claimed row by row (SKIP LOCKED, with
        // a lease), so replicas share the queue and its rollouts, and none is carried out twice.
        registrar.addFixedDelayTask(new FixedDelayTask(this::poll, properties.poll(), properties.poll()));
    }

    /** Claims what waits, looks at every rollout once more (so nothing hangs on a missed notification), renews leases. */
    void poll() {
        claimAbandonedSoon();
        claimSoon();
        rollouts.values().forEach(this::lookSoon);
        if (clock.instant().isAfter(lastRenewal.plus(properties.lease().dividedBy(3)))) {
            var held = new HashSet<>(rollouts.keySet());
            held.addAll(applying);
            store.renew(worker, held);
            lastRenewal = clock.instant();
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeploymentQueued queued) {
        claimSoon();
    }

    /** The rollouts this process follows now, and those it is applying. */
    int inFlight() {
        return rollouts.size() + applying.size();
    }

    /** Claims work on the queue thread; requests that arrive while a round is pending are folded into it. */
    private void claimSoon() {
        if (!stopping && claimPending.compareAndSet(false, true)) {
            claimer.execute(() -> {
                claimPending.set(false);
                try {
                    claimRound();
                } catch (RuntimeException e) {
                    if (!stopping) {
                        log.warn("Could not claim deployments: {}", e.getMessage());
                    }
                }
            });
        }
    }

    /**
     * Takes over what a stopped process left underway, on the queue thread. Only the periodic poll asks (a lease runs
     * for {@code slipway.deploy.lease}), so that the claim round a new deployment wakes costs one statement, not two.
     */
    private void claimAbandonedSoon() {
        if (!stopping) {
            claimer.execute(() -> {
                try {
                    for (long id : store.claimAbandoned(worker)) {
                        if (!rollouts.containsKey(id) && applying.add(id)) {
                            appliers.execute(() -> run(id, true));
                        }
                    }
                } catch (RuntimeException e) {
                    if (!stopping) {
                        log.warn("Could not take over abandoned deployments: {}", e.getMessage());
                    }
                }
            });
        }
    }

    private void claimRound() {
        for (long id : store.claim(worker, properties.maxRollouts() - inFlight())) {
            applying.add(id);
            appliers.execute(() -> run(id, false));
        }
    }

    private void run(long id, boolean resumed) {
        boolean again = false;
        try {
            access.asSystem(() -> {
                if (resumed) {
                    resume(id);
                } else {
                    start(id);
                }
            });
            backOff.forget(id);
        } catch (RuntimeException e) {
            if (stopping) {
                return; // left underway: the next Slipway process resumes it when the lease runs out
            }
            if (DatabaseUnavailable.causes(e)) {
                // Slipway's own database, not the rollout, failed: the lease is no longer renewed, so this or another
                // process resumes the deployment once it runs out (the cluster is read first; nothing is lost).
                log.warn("Deployment {} left underway: the database did not answer ({}); it is resumed within {} s",
                        id, NestedExceptionUtils.getMostSpecificCause(e).getMessage(), properties.lease().toSeconds() + properties.poll().toSeconds());
                return;
            }
            ClusterFault fault = ClusterFault.of(e);
            if (fault.transientFault()) {
                fault = fault.asked(clusters.askedWait(clientOf(id)).orElse(null));
                again = tryAgainLater(id, resumed, fault);
            }
            if (!again) {
                String reason = backOff.failure(id, fault);
                if (fault.kind() == ClusterFault.Kind.INTERNAL) {
                    log.error("Deployment {} failed unexpectedly", id, e);
                } else {
                    log.warn("Deployment {} failed: {}", id, reason);
                }
                access.asSystem(() -> end(id, reason, true));
            }
        } finally {
            if (!again) {
                applying.remove(id);
            }
        }
    }

    /**
     * Runs a deployment again after a transient fault of its cluster, as long as its apply deadline allows, noting
     * the attempt in its log. It stays APPLYING meanwhile, its lease renewed, so that another process takes it up if
     * this one stops; no thread waits for it.
     */
    private boolean tryAgainLater(long id, boolean resumed, ClusterFault fault) {
        var attempt = backOff.next(id, fault);
        if (attempt.isEmpty()) {
            return false;
        }
        if (!store.retrying(id, worker, attempt.get().note())) {
            backOff.forget(id);
            applying.remove(id);
            return true; // another worker holds it now
        }
        log.warn("Deployment {}: {}", id, attempt.get().note());
        retrier.schedule(() -> {
            if (!stopping) {
                appliers.execute(() -> run(id, resumed));
            }
        }, retrier.getClock().instant().plus(attempt.get().delay()));
        return true;
    }

    private @Nullable KubernetesClient clientOf(long id) {
        return store.find(id).map(d -> clusters.client(environments.ref(d.environment()).cluster())).orElse(null);
    }

    private void start(long id) {
        DeploymentView deployment = store.find(id).orElseThrow();
        DeploymentStore.Internals internals = store.internals(id).orElseThrow();
        ServiceRef service = services.ref(deployment.service());
        EnvironmentRef environment = environments.ref(deployment.environment());
        Optional<String> refusal = refusalAtStart(deployment, internals, service, environment);
        if (refusal.isPresent()) {
            access.denied(DeploymentStarted.NAME, "deployment", String.valueOf(id), refusal.get());
            end(id, refusal.get(), false);
            return;
        }
        DeploySettings runAs = settings.read(service.id(), environment.id());
        var manifest = renderer.render(service, environment, releases.get(internals.releaseId()), runAs);
        KubernetesClient client = clusters.client(environment.cluster());
        watcher(client); // watching before the apply, so the first changes are in the cache
        String namespace = environment.namespaceFor(service.team(), service.slug());
        long generation = applier.apply(client, manifest.objects());
        String cluster = clusters.isSandbox() ? "sandbox" : environment.cluster();
        boolean applied = store.markApplied(id, worker, manifest.yaml(), runAs.replicas(), generation, cluster,
                namespace, "Applied Deployment and Service " + service.slug() + " in namespace " + namespace
                        + (clusters.isSandbox() ? " (sandbox cluster)" : " on cluster " + cluster) + ", generation "
                        + generation);
        if (applied) {
            follow(new Rollout(id, client, namespace, service.slug(), generation,
                    Objects.requireNonNullElse(deployment.startedAt(), clock.instant()), runAs.rolloutTimeoutSeconds()));
        }
    }

    /**
     * Takes up a deployment a stopped process left underway. The cluster is read first: if the Deployment is missing
     * or at another generation than the one applied, the recorded manifest is applied again (server-side apply is
     * idempotent) and the log says so; otherwise the rollout is followed from where it is.
     */
    private void resume(long id) {
        DeploymentView deployment = store.find(id).orElseThrow();
        DeploymentStore.Internals internals = store.internals(id).orElseThrow();
        if (internals.manifest() == null) {
            store.note(id, "RESUMED", "Resumed after a restart: the process stopped while applying; applying again");
            start(id);
            return;
        }
        ServiceRef service = services.ref(deployment.service());
        EnvironmentRef environment = environments.ref(deployment.environment());
        DeploySettings runAs = settings.read(service.id(), environment.id());
        KubernetesClient client = clusters.client(environment.cluster());
        watcher(client);
        String namespace = environment.namespaceFor(service.team(), service.slug());
        Deployment live = client.apps().deployments().inNamespace(namespace).withName(service.slug()).get();
        Long applied = internals.appliedGeneration();
        long generation;
        if (live == null || applied == null || !applied.equals(live.getMetadata().getGeneration())) {
            String why = live == null ? "Deployment " + service.slug() + " is not in namespace " + namespace
                    : "the cluster holds generation " + live.getMetadata().getGeneration() + ", not the " + applied
                            + " this deployment applied";
            generation = applier.applyRecorded(client, internals.manifest());
            if (!store.reapplied(id, worker, generation, "Resumed after a restart: " + why
                    + "; applied the recorded manifest again (generation " + generation + ")")) {
                return;
            }
        } else {
            generation = applied;
            store.note(id, "RESUMED", "Resumed following the rollout after a restart; the cluster holds generation "
                    + generation + ", so nothing was applied again");
        }
        follow(new Rollout(id, client, namespace, service.slug(), generation,
                Objects.requireNonNullElse(deployment.startedAt(), clock.instant()), runAs.rolloutTimeoutSeconds()));
    }

    /** The cluster's informers, started again if they gave up. */
    private RolloutWatcher watcher(KubernetesClient client) {
        RolloutWatcher running = watchers.get(client);
        if (running != null && !running.stopped()) {
            return running;
        }
        return watchers.compute(client, (c, current) -> {
            if (current != null && !current.stopped()) {
                return current;
            }
            if (current != null) {
                log.warn("The informers of cluster {} stopped; starting them again", c.getMasterUrl());
                current.close();
            }
            var watcher = new RolloutWatcher(c, 0, this::changed);
            try {
                watcher.start();
            } catch (RuntimeException e) {
                failedStarts.put(c, new FailedStart(e, clock.instant()));
                throw e;
            }
            failedStarts.remove(c);
            return watcher;
        });
    }

    /** Why a cluster's informers could not start, and when. */
    private record FailedStart(RuntimeException error, Instant at) {
    }

    /**
     * Closes every cluster's informers, as when their watches break; the next look starts them again with a fresh
     * list, and since each look reads the whole state of a workload, no transition is lost in between.
     */
    void dropWatches() {
        var dropped = new ArrayList<>(watchers.values());
        watchers.clear();
        dropped.forEach(RolloutWatcher::close);
    }

    private void changed(String namespace, String name) {
        Rollout rollout = byWorkload.get(namespace + "/" + name);
        if (rollout != null) {
            lookSoon(rollout);
        }
    }

    private void follow(Rollout rollout) {
        rollouts.put(rollout.id, rollout);
        byWorkload.put(rollout.namespace + "/" + rollout.name, rollout);
        lookSoon(rollout);
    }

    private void forget(Rollout rollout) {
        rollouts.remove(rollout.id);
        byWorkload.remove(rollout.namespace + "/" + rollout.name, rollout);
    }

    private void lookSoon(Rollout rollout) {
        if (!stopping && rollout.claimLook()) {
            lookers.execute(() -> {
                do {
                    rollout.beginLook();
                    try {
                        access.asSystem(() -> look(rollout));
                    } catch (RuntimeException e) {
                        if (!stopping) {
                            log.warn("Could not follow deployment {}: {}", rollout.id, e.getMessage(), e);
                        }
                    }
                } while (rollout.releaseLook());
            });
        }
    }

    /** Reads the rollout's workload from the cache, writes what changed, and ends the deployment when it is decided. */
    private void look(Rollout rollout) {
        if (!rollouts.containsKey(rollout.id)) {
            return;
        }
        RolloutWatcher watcher;
        try {
            // However many rollouts look, a cluster that is away is asked at most once a poll.
            FailedStart failed = failedStarts.get(rollout.client);
            if (failed != null && clock.instant().isBefore(failed.at().plus(properties.poll()))) {
                throw failed.error();
            }
            watcher = watcher(rollout.client);
        } catch (RuntimeException e) {
            String fault = ClusterFault.of(e).description();
            if (!clock.instant().isAfter(rollout.deadline)) {
                log.warn("Could not follow deployment {}: {}; looking again at the next poll", rollout.id, fault);
                return;
            }
            forget(rollout);
            end(rollout.id, "The rollout did not complete within " + rollout.timeoutSeconds + " s, and "
                    + Character.toLowerCase(fault.charAt(0)) + fault.substring(1), true);
            return;
        }
        Rollout.Observation seen = rollout.observe(watcher.snapshot(rollout.namespace, rollout.name),
                properties.failFast(), clock.instant());
        RolloutDiagnosis diagnosis = seen.diagnosis();
        String logTail = diagnosis.failure() != null && diagnosis.containerLogTells()
                ? LivePods.logTail(rollout.client, rollout.namespace, diagnosis.failingPod(),
                        diagnosis.failingContainer(), LOG_LINES) : null;
        var lost = new AtomicBoolean();
        Optional<DeploymentView> ended = transaction.execute(status -> {
            seen.newEvents().forEach(line -> store.note(rollout.id, "KUBERNETES", line));
            seen.podChanges().forEach(line -> store.note(rollout.id, "POD", line));
            if (diagnosis.complete()) {
                return store.finish(rollout.id, worker, DeploymentState.SUCCEEDED, null);
            }
            if (seen.failure() != null) {
                if (logTail != null) {
                    store.note(rollout.id, "LOG", "Last lines of " + diagnosis.failingPod() + " (container "
                            + diagnosis.failingContainer() + "):\n" + logTail);
                }
                return store.finish(rollout.id, worker, DeploymentState.FAILED, seen.failure());
            }
            if (seen.progressed() && !store.progress(rollout.id, worker, diagnosis.phase(), diagnosis.ready(),
                    diagnosis.desired(), diagnosis.ready() + " of " + diagnosis.desired() + " new replicas ready ("
                            + diagnosis.phase() + ")")) {
                lost.set(true); // another process took it over
            }
            return Optional.<DeploymentView>empty();
        });
        if (diagnosis.complete() || seen.failure() != null || lost.get()) {
            forget(rollout);
            claimSoon(); // the next deployment of this service and environment may start now
            ended.ifPresent(this::rollBackIfAsked);
        }
    }

    private void end(long id, String reason, boolean mayRollBack) {
        Optional<DeploymentView> ended = transaction.execute(status ->
                store.finish(id, worker, DeploymentState.FAILED, reason));
        if (mayRollBack) {
            ended.ifPresent(this::rollBackIfAsked);
        }
        claimSoon();
    }

    /** Queues the automatic rollback of a failed deployment where its environment asks for one. */
    private void rollBackIfAsked(DeploymentView deployment) {
        if (deployment.state() != DeploymentState.FAILED || deployment.rollbackOf() != null
                || !environments.ref(deployment.environment()).autoRollback()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            if (store.rollbackTarget(deployment.id()).isEmpty()) {
                store.note(deployment.id(), "ROLLBACK", "No automatic rollback: no earlier release succeeded in "
                        + deployment.environmentName());
                return;
            }
            DeploymentView rollback = deployments.queueRollback(deployment, access.current(),
                    "Automatic rollback after deployment " + deployment.id() + " failed", null, null);
            store.note(deployment.id(), "ROLLBACK", "Rolling back to " + rollback.version() + " (deployment "
                    + rollback.id() + ")");
        });
    }

    /** Production is asked again as the deployment starts: its grant may have run out or been revoked while it was queued. */
    private Optional<String> refusalAtStart(DeploymentView deployment, DeploymentStore.Internals internals,
            ServiceRef service, EnvironmentRef environment) {
        if (!environment.production()) {
            return Optional.empty();
        }
        var refusal = production.refusalAtStart(internals.requestedBy(), internals.accessGrantId(),
                deployment.rollbackOf() == null ? GrantAction.DEPLOY : GrantAction.ROLLBACK, service, environment);
        if (refusal.isEmpty() && deployment.overrideReason() != null) {
            refusal = production.refusalAtStart(internals.requestedBy(), null, GrantAction.OVERRIDE_FREEZE, service,
                    environment);
        }
        return refusal;
    }

    /**
     * A fixed pool of daemon threads named name-1, name-2, …; shutting it down interrupts them, drops what waits, and
     * waits up to 5 s for them to end (so that nothing of this process writes to a deployment it handed over).
     */
    private static ThreadPoolTaskExecutor pool(String name, int threads) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutorBuilder().threadNamePrefix(name + "-")
                .corePoolSize(threads).maxPoolSize(threads).customizers(executor -> executor.setDaemon(true))
                .awaitTermination(true).awaitTerminationPeriod(Duration.ofSeconds(5)).build();
        pool.initialize();
        return pool;
    }

    /**
     * Hands the deployments this process carries out back to the queue as shutdown begins, before the web server lets
     * the requests in flight finish: another replica takes each up at its next poll (reading the cluster first, as
     * after a crash) rather than once its lease would have run out. None is failed or abandoned.
     */
    @EventListener(ContextClosedEvent.class)
    void handOver() {
        destroy();
    }

    @Override
    public void destroy() {
        if (stopping) {
            return;
        }
        stopping = true;
        claimer.shutdown();
        retrier.shutdown();
        appliers.shutdown();
        lookers.shutdown();
        watchers.values().forEach(RolloutWatcher::close);
        try {
            int released = store.release(worker);
            if (released > 0) {
                log.info("Handed {} deployments underway back to the queue for another Slipway process", released);
            }
        } catch (RuntimeException e) {
            log.warn("Could not hand the deployments underway back ({}); they are taken up once their leases run out",
                    e.getMessage());
        }
    }
}
