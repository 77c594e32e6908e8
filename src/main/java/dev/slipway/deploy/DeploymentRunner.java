package dev.slipway.deploy;

import dev.slipway.access.GrantAction;
import dev.slipway.access.ProductionAccess;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.shared.AuditEvent;
import dev.slipway.shared.Notice;
import dev.slipway.shared.NoticeType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries deployments out: claims them from {@link DeploymentQueue}, applies the rendered manifest
 * with server-side apply (field manager {@code slipway}), then follows the rollout with a watch until
 * the new pods are all updated and available, or the rollout times out or exceeds its progress
 * deadline. Progress is stored as it happens; a deployment left underway by a stopped process is
 * resumed here without being applied again.
 */
@Component
class DeploymentRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    private static final int CAPACITY = 8;
    static final String FIELD_MANAGER = "slipway";

    private final DeploymentQueue queue;
    private final Deployments deployments;
    private final ServiceDeploySettings settings;
    private final ManifestRenderer renderer;
    private final Clusters clusters;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final Releases releases;
    private final AccessPolicy access;
    private final ProductionAccess production;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final String worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService rollouts = Executors.newFixedThreadPool(CAPACITY, runnable -> {
        Thread thread = new Thread(runnable, "slipway-rollout");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService claimer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slipway-queue");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean claimPending = new AtomicBoolean();
    private volatile boolean stopping;

    DeploymentRunner(DeploymentQueue queue, Deployments deployments, ServiceDeploySettings settings,
            ManifestRenderer renderer, Clusters clusters, ServiceCatalog services, EnvironmentCatalog environments,
            Releases releases, AccessPolicy access, ProductionAccess production, PlatformTransactionManager transactions,
            ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
        this.production = production;
        this.transaction = new TransactionTemplate(transactions);
        this.queue = queue;
        this.deployments = deployments;
        this.settings = settings;
        this.renderer = renderer;
        this.clusters = clusters;
        this.services = services;
        this.environments = environments;
        this.releases = releases;
        this.access = access;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        queue.onWakeUp(this::claimSoon);
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void poll() {
        claimSoon();
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
    void renewLeases() {
        queue.renew(worker, List.copyOf(running));
    }

    /** Claims work on the queue thread; requests that arrive while a claim round is pending are folded into it. */
    private void claimSoon() {
        if (!stopping && claimPending.compareAndSet(false, true)) {
            claimer.execute(() -> {
                claimPending.set(false);
                try {
                    claim();
                } catch (RuntimeException e) {
                    log.warn("Claiming deployments failed; trying again shortly", e);
                }
            });
        }
    }

    private void claim() {
        for (long id : queue.claimAbandoned(worker)) {
            start(id);
        }
        while (running.size() < CAPACITY) {
            var next = queue.claimNext(worker);
            if (next.isEmpty()) {
                return;
            }
            start(next.get());
        }
    }

    private void start(long id) {
        if (running.add(id)) {
            rollouts.execute(() -> {
                try {
                    access.asSystem(() -> execute(id));
                } catch (RuntimeException e) {
                    if (stopping) {
                        return; // left underway: the next Slipway process resumes it when the lease runs out
                    }
                    if (jdbc.sql("select count(*) from deployment where id = ?").param(id).query(Long.class).single() == 0) {
                        log.info("Deployment {} was deleted (with its service) while it ran; nothing left to do", id);
                        return;
                    }
                    log.error("Deployment {} failed unexpectedly", id, e);
                    access.asSystem(() -> finish(id, DeploymentState.FAILED, "Slipway failed while deploying: "
                            + e.getMessage()));
                } finally {
                    running.remove(id);
                    claimSoon(); // the next deployment of this service and environment may start now
                }
            });
        }
    }

    private void execute(long id) {
        DeploymentView deployment = deployments.get(id);
        ServiceRef service = services.ref(deployment.service());
        EnvironmentRef environment = environments.ref(deployment.environment());
        DeploySettings settings = this.settings.read(service.id(), environment.id());
        KubernetesClient client = clusters.client(environment.cluster());
        String namespace = environment.namespaceFor(service.team(), service.slug());
        String applied = jdbc.sql("select manifest from deployment where id = ?").param(id).query(String.class)
                .optional().orElse(null);
        long generation;
        if (applied == null) {
            var refusal = refusalAtStart(id, deployment, service, environment);
            if (refusal.isPresent()) {
                events.publishEvent(AuditEvent.denied("deployment.start", "deployment", String.valueOf(id),
                        refusal.get()));
                finish(id, DeploymentState.FAILED, refusal.get(), false);
                return;
            }
            ReleaseView release = releases.get(service.slug(), deployment.version());
            var manifest = renderer.render(service, environment, release, settings);
            Deployment live = null;
            for (HasMetadata object : manifest.objects()) {
                HasMetadata result = client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                if (result instanceof Deployment d) {
                    live = d;
                }
            }
            generation = Objects.requireNonNull(live).getMetadata().getGeneration();
            long appliedGeneration = generation;
            // The new state, its audit event and the production notice are written together (the webhook outbox).
            transaction.executeWithoutResult(status -> {
                jdbc.sql("update deployment set manifest = ?, state = 'ROLLING_OUT', desired_replicas = ? where id = ?")
                        .params(manifest.yaml(), settings.replicas(), id).update();
                events.publishEvent(AuditEvent.success("deployment.applied", "deployment", String.valueOf(id),
                        java.util.Map.of("namespace", new Object[] {null, namespace},
                                "cluster", new Object[] {null, clusters.isSandbox() ? "sandbox" : environment.cluster()})));
                deployments.note(id, "APPLIED", "Applied Deployment and Service " + service.slug() + " in namespace "
                        + namespace + (clusters.isSandbox() ? " (sandbox cluster)" : " on cluster " + environment.cluster())
                        + ", generation " + appliedGeneration, 0, settings.replicas());
                if (environment.production()) {
                    events.publishEvent(new Notice(NoticeType.DEPLOYMENT_STARTED, "Deploying " + service.slug() + " "
                            + deployment.version() + " to " + environment.name() + " (deployment " + id
                            + ", requested by " + deployment.requestedBy() + ")", notice(deployment)));
                }
            });
        } else {
            Deployment live = client.apps().deployments().inNamespace(namespace).withName(service.slug()).get();
            generation = live == null ? 1 : live.getMetadata().getGeneration();
            jdbc.sql("update deployment set state = 'ROLLING_OUT' where id = ?").param(id).update();
            deployments.note(id, "RESUMED", "Resumed following the rollout after a restart (not applied again)",
                    null, null);
        }
        follow(id, client, namespace, service.slug(), generation, settings, deployment);
    }

    private void follow(long id, KubernetesClient client, String namespace, String name, long generation,
            DeploySettings settings, DeploymentView deployment) {
        Instant started = deployment.startedAt() == null ? clock.instant() : deployment.startedAt();
        Duration remaining = Duration.between(clock.instant(), started.plusSeconds(settings.rolloutTimeoutSeconds()));
        var lastProgress = new AtomicReference<String>("");
        var lastConditions = new AtomicReference<String>("");
        Set<String> seenEvents = ConcurrentHashMap.newKeySet();
        var failure = new AtomicReference<String>();
        try {
            client.apps().deployments().inNamespace(namespace).withName(name).waitUntilCondition(live -> {
                if (live == null || live.getStatus() == null) {
                    return false;
                }
                DeploymentStatus status = live.getStatus();
                int desired = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
                int total = orZero(status.getReplicas());
                int updated = orZero(status.getUpdatedReplicas());
                int available = orZero(status.getAvailableReplicas());
                // Old pods still count as available during a rolling update; progress is the new ones that serve.
                int ready = Math.max(0, Math.min(updated, available - Math.max(0, total - updated)));
                String progress = ready + "/" + desired + "/" + updated;
                if (!progress.equals(lastProgress.getAndSet(progress))) {
                    jdbc.sql("update deployment set ready_replicas = ?, desired_replicas = ? where id = ?")
                            .params(ready, desired, id).update();
                    deployments.note(id, "PROGRESS", ready + " of " + desired + " new replicas ready, " + updated
                            + " updated", ready, desired);
                    copyKubernetesEvents(id, client, namespace, name, started, seenEvents);
                }
                String conditions = status.getConditions() == null ? "" : status.getConditions().stream()
                        .map(c -> c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : " (" + c.getReason() + ")"))
                        .sorted().collect(java.util.stream.Collectors.joining(", "));
                if (!conditions.isEmpty() && !conditions.equals(lastConditions.getAndSet(conditions))) {
                    deployments.note(id, "CONDITIONS", conditions, null, null);
                }
                long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
                if (observed < generation) {
                    return false;
                }
                boolean deadlineExceeded = status.getConditions() != null && status.getConditions().stream()
                        .anyMatch(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                                && "ProgressDeadlineExceeded".equals(c.getReason()));
                if (deadlineExceeded) {
                    failure.set("Kubernetes reports the progress deadline exceeded: only " + ready + " of " + desired
                            + " new replicas became ready");
                    return true;
                }
                // The same test as kubectl rollout status: all updated, no old pods left, all updated available.
                return updated >= desired && total <= updated && available >= updated;
            }, Math.max(1, remaining.toMillis()), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            failure.set("The rollout did not complete within " + settings.rolloutTimeoutSeconds() + " s");
        }
        copyKubernetesEvents(id, client, namespace, name, started, seenEvents);
        if (failure.get() == null) {
            finish(id, DeploymentState.SUCCEEDED, null);
        } else {
            finish(id, DeploymentState.FAILED, failure.get());
        }
    }

    /** Production is asked again as the deployment starts: its grant may have run out or been revoked while it was queued. */
    private java.util.Optional<String> refusalAtStart(long id, DeploymentView deployment, ServiceRef service,
            EnvironmentRef environment) {
        if (!environment.production()) {
            return java.util.Optional.empty();
        }
        var grant = jdbc.sql("select requested_by, access_grant_id, override_reason from deployment where id = ?")
                .param(id).query((rs, i) -> new Object[] {rs.getObject(1), rs.getObject(2), rs.getString(3)}).single();
        Long requester = (Long) grant[0];
        Long grantId = (Long) grant[1];
        var refusal = production.refusalAtStart(requester, grantId,
                deployment.rollbackOf() == null ? GrantAction.DEPLOY : GrantAction.ROLLBACK, service, environment);
        if (refusal.isEmpty() && grant[2] != null) {
            refusal = production.refusalAtStart(requester, null, GrantAction.OVERRIDE_FREEZE, service, environment);
        }
        return refusal;
    }

    private static java.util.Map<String, Object> notice(DeploymentView deployment) {
        var details = new java.util.LinkedHashMap<String, Object>();
        details.put("deployment", deployment.id());
        details.put("service", deployment.service());
        details.put("team", deployment.team());
        details.put("environment", deployment.environment());
        details.put("version", deployment.version());
        details.put("requestedBy", deployment.requestedBy());
        return details;
    }

    /** Copies the cluster's events about this Deployment since the rollout began into the deployment's log. */
    private void copyKubernetesEvents(long id, KubernetesClient client, String namespace, String name, Instant since,
            Set<String> seen) {
        try {
            client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName())
                            && "Deployment".equals(e.getInvolvedObject().getKind()))
                    .filter(e -> e.getMetadata().getUid() != null && seen.add(e.getMetadata().getUid()))
                    .filter(e -> e.getLastTimestamp() == null || !Instant.parse(e.getLastTimestamp()).isBefore(
                            since.minusSeconds(1)))
                    .forEach(e -> deployments.note(id, "KUBERNETES", e.getReason() + ": " + e.getMessage(), null, null));
        } catch (RuntimeException e) {
            log.debug("Could not read the events of Deployment {}/{}: {}", namespace, name, e.getMessage());
        }
    }

    private void finish(long id, DeploymentState state, String reason) {
        finish(id, state, reason, true);
    }

    private void finish(long id, DeploymentState state, String reason, boolean mayRollBack) {
        DeploymentView deployment = transaction.execute(status -> finishInTransaction(id, state, reason));
        if (deployment != null && mayRollBack && state == DeploymentState.FAILED && deployment.rollbackOf() == null
                && environments.ref(deployment.environment()).autoRollback()) {
            try {
                deployments.queueRollback(deployment, access.current(), "Automatic rollback after deployment " + id
                        + " failed", null);
            } catch (dev.slipway.shared.ConflictException e) {
                deployments.note(id, "ROLLBACK", "No automatic rollback: " + e.getMessage(), null, null);
            }
        }
    }

    /** The deployment as it ended, or null when it had ended already. */
    private DeploymentView finishInTransaction(long id, DeploymentState state, String reason) {
        int changed = jdbc.sql("""
                update deployment set state = ?, finished_at = ?, failure_reason = ?, worker = null, lease_until = null,
                    ready_replicas = case when ? = 'SUCCEEDED' then desired_replicas else ready_replicas end
                where id = ? and state in ('APPLYING', 'ROLLING_OUT')""")
                .params(state.name(), Timestamp.from(clock.instant()), reason, state.name(), id).update();
        if (changed == 0) {
            return null;
        }
        deployments.note(id, state.name(), state == DeploymentState.SUCCEEDED ? "Rollout complete" : reason, null, null);
        DeploymentView deployment = deployments.get(id);
        events.publishEvent(state == DeploymentState.SUCCEEDED
                ? AuditEvent.success("deployment.succeeded", "deployment", String.valueOf(id))
                : AuditEvent.failed("deployment.failed", "deployment", String.valueOf(id), reason));
        EnvironmentRef environment = environments.ref(deployment.environment());
        if (environment.production()) {
            events.publishEvent(state == DeploymentState.SUCCEEDED
                    ? new Notice(NoticeType.DEPLOYMENT_SUCCEEDED, deployment.service() + " " + deployment.version()
                            + " is live in " + environment.name() + " (deployment " + id + ")", notice(deployment))
                    : new Notice(NoticeType.DEPLOYMENT_FAILED, "Deploying " + deployment.service() + " "
                            + deployment.version() + " to " + environment.name() + " failed (deployment " + id + "): "
                            + reason, notice(deployment)));
        }
        return deployment;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public void destroy() {
        stopping = true;
        claimer.shutdownNow();
        rollouts.shutdownNow();
    }
}
