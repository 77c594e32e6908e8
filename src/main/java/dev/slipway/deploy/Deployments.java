package dev.slipway.deploy;

import dev.slipway.access.GrantAction;
import dev.slipway.access.ProductionAccess;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.IdempotencyKeys;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments: requested from the portal or the API, queued in PostgreSQL, carried out by {@link DeploymentRunner}.
 * At most one per service and environment is underway at a time. The policy is asked here, once per request;
 * every write goes through {@link DeploymentStore}.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Deployments {

    /** A deployment and whether this call created it (false when an Idempotency-Key replayed an earlier one). */
    public record Requested(DeploymentView deployment, boolean created) {
    }

    /** Narrows the deployment list; each part may be null. */
    public record Filter(@Nullable String service, @Nullable String environment, @Nullable DeploymentState state) {
    }

    private final JdbcClient jdbc;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final DeploymentStore store;
    private final Freezes freezes;
    private final ProductionAccess production;
    private final LivePods pods;

    public Requested request(DeploymentRequest request, @Nullable String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        validator.check(request);
        ServiceRef service = services.ref(request.service());
        EnvironmentRef environment = environments.ref(request.environment());
        access.require(Permission.DEPLOY, service.team(), DeploymentQueued.NAME, "service", service.slug());
        Actor actor = access.current();
        Optional<DeploymentView> replayed = replay(actor, idempotencyKey, earlier -> earlier.rollbackOf() == null
                && earlier.service().equals(request.service()) && earlier.environment().equals(request.environment())
                && earlier.version().equals(request.version())
                && Objects.equals(earlier.reason(), stripped(request.reason()))
                && Objects.equals(earlier.overrideReason(), stripped(request.overrideFreeze())));
        if (replayed.isPresent()) {
            return new Requested(replayed.get(), false);
        }
        Long grant = production.require(GrantAction.DEPLOY, service, environment, DeploymentQueued.NAME, "service",
                service.slug());
        long releaseId = releaseId(service, request.version());
        requirePromoted(service, environment, releaseId, request.version());
        String override = requireUnfrozen(service, environment, request.overrideFreeze());
        long id = store.enqueue(new DeploymentStore.NewDeployment(service.id(), environment.id(), releaseId,
                actor.userId(), actor.username(), request.reason(), null, idempotencyKey, grant, override),
                "Requested by " + actor.username());
        return new Requested(store.find(id).orElseThrow(), true);
    }

    /** A queued deployment can be cancelled; one that has started runs to its end. */
    public DeploymentView cancel(long id) {
        DeploymentView deployment = find(id);
        access.require(Permission.DEPLOY, deployment.team(), DeploymentCancelled.NAME, "deployment", String.valueOf(id));
        if (!store.cancel(id, access.current().username())) {
            DeploymentState now = find(id).state();
            events.publishEvent(new DeploymentRequestFailed(DeploymentCancelled.NAME, id,
                    "it was " + now.name().toLowerCase() + ", not queued"));
            throw new ConflictException("Deployment " + id + " is " + now.name().toLowerCase()
                    + "; only a queued deployment can be cancelled.");
        }
        return find(id);
    }

    /**
     * Deploys again the last release that succeeded in this environment before the given deployment. With an
     * idempotency key, a repeated request (a second click) returns the first rollback.
     */
    public Requested rollback(long id, @Nullable String reason, String idempotencyKey) {
        IdempotencyKeys.check(idempotencyKey);
        DeploymentView deployment = find(id);
        access.require(Permission.DEPLOY, deployment.team(), DeploymentQueued.ROLLBACK, "deployment", String.valueOf(id));
        Actor actor = access.current();
        Optional<DeploymentView> replayed = replay(actor, idempotencyKey,
                earlier -> earlier.rollbackOf() != null && earlier.rollbackOf() == id);
        if (replayed.isPresent()) {
            return new Requested(replayed.get(), false);
        }
        Long grant = production.require(GrantAction.ROLLBACK, services.ref(deployment.service()),
                environments.ref(deployment.environment()), DeploymentQueued.ROLLBACK, "deployment", String.valueOf(id));
        try {
            return new Requested(queueRollback(deployment, actor, reason == null || reason.isBlank()
                    ? "Rollback of deployment " + id : reason, grant, idempotencyKey), true);
        } catch (ConflictException e) {
            events.publishEvent(new DeploymentRequestFailed(DeploymentQueued.ROLLBACK, id, e.getMessage()));
            throw e;
        }
    }

    /** The newest rollback made of this deployment (by a person or automatically), if any. */
    @Transactional(readOnly = true)
    public Optional<DeploymentView> rollbackMadeOf(long id) {
        access.require(Permission.CATALOG_READ);
        return store.rollbackOf(id);
    }

    /** The release a rollback of this deployment would restore, if there is one. */
    @Transactional(readOnly = true)
    public Optional<String> rollbackVersion(long id) {
        return store.rollbackTarget(id).map(DeploymentStore.RollbackTarget::version);
    }

    DeploymentView queueRollback(DeploymentView deployment, Actor actor, String reason, @Nullable Long grant,
            @Nullable String idempotencyKey) {
        var target = store.rollbackTarget(deployment.id()).orElseThrow(() -> new ConflictException(
                "There is no earlier release that succeeded in " + deployment.environmentName()
                        + " to roll back to."));
        ServiceRef service = services.ref(deployment.service());
        EnvironmentRef environment = environments.ref(deployment.environment());
        long id = store.enqueue(new DeploymentStore.NewDeployment(service.id(), environment.id(), target.releaseId(),
                actor.userId(), actor.username(), reason, deployment.id(), idempotencyKey, grant, null),
                "Rollback to " + target.version() + " requested by " + actor.username());
        return store.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public DeploymentView get(long id) {
        access.require(Permission.CATALOG_READ);
        return find(id);
    }

    private DeploymentView find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("deployment", String.valueOf(id)));
    }

    @Transactional(readOnly = true)
    public Page<DeploymentView> list(Filter filter, Pageable page) {
        access.require(Permission.CATALOG_READ);
        return store.list(filter, page);
    }

    /** Per service and environment, the deployment that succeeded there last: the release running there now. */
    @Transactional(readOnly = true)
    public List<DeploymentView> running(Collection<String> services) {
        access.require(Permission.CATALOG_READ);
        return store.running(services);
    }

    /** Per environment, the service's newest deployment, whatever its state. */
    @Transactional(readOnly = true)
    public List<DeploymentView> latest(String service) {
        access.require(Permission.CATALOG_READ);
        return store.latest(service);
    }

    /** Queued and rolling-out deployments of these teams' services, newest first. */
    @Transactional(readOnly = true)
    public List<DeploymentView> inFlight(Collection<String> teams, int limit) {
        access.require(Permission.CATALOG_READ);
        return store.recent(teams, DeploymentState.unfinished(), Instant.EPOCH, false, limit);
    }

    /** Deployments that failed since then, of these teams' services or of every team's when {@code teams} is null. */
    @Transactional(readOnly = true)
    public List<DeploymentView> failedSince(@Nullable Collection<String> teams, Instant since, int limit) {
        access.require(Permission.CATALOG_READ);
        return store.recent(teams, List.of(DeploymentState.FAILED), since, false, limit);
    }

    /** Deployments queued into a frozen environment by breaking the glass since then, newest first. */
    @Transactional(readOnly = true)
    public List<DeploymentView> freezeOverridesSince(Instant since, int limit) {
        access.require(Permission.CATALOG_READ);
        return store.recent(null, List.of(DeploymentState.values()), since, true, limit);
    }

    /** The deployment's log, oldest first, after the line {@code afterEventId} (0 for all). */
    @Transactional(readOnly = true)
    public List<DeploymentEventView> events(long id, long afterEventId) {
        access.require(Permission.CATALOG_READ);
        find(id);
        return store.events(id, afterEventId);
    }

    @Transactional(readOnly = true)
    public List<DeploymentEventView> events(long id) {
        return events(id, 0);
    }

    /** The pods of the deployment's workload in its cluster now (its new ones and any old ones still serving). */
    @Transactional(readOnly = true)
    public List<PodView> pods(long id) {
        access.require(Permission.CATALOG_READ);
        return pods.of(find(id));
    }

    /** The applied manifest of a deployment, once it has been applied. */
    @Transactional(readOnly = true)
    public Optional<String> manifest(long id) {
        access.require(Permission.CATALOG_READ);
        find(id);
        return store.manifest(id);
    }

    private long releaseId(ServiceRef service, String version) {
        return jdbc.sql("select id from release where service_id = ? and version = ?").params(service.id(), version)
                .query(Long.class).optional()
                .orElseThrow(() -> new InvalidInputException("version", "service '" + service.slug()
                        + "' has no release " + version + "; register it first"));
    }

    private void requirePromoted(ServiceRef service, EnvironmentRef environment, long releaseId, String version) {
        if (!environment.promotionRequired()) {
            return;
        }
        Optional<EnvironmentRef> before = environments.refs().stream()
                .filter(e -> e.position() < environment.position())
                .reduce((first, second) -> second);
        if (before.isEmpty()) {
            return;
        }
        boolean promoted = jdbc.sql("""
                select exists (select 1 from deployment where service_id = ? and environment_id = ? and release_id = ?
                  and state = 'SUCCEEDED')""")
                .params(service.id(), before.get().id(), releaseId).query(Boolean.class).single();
        if (!promoted) {
            access.denied(DeploymentQueued.NAME, "service", service.slug(),
                    "release " + version + " has not succeeded in " + before.get().slug());
            throw new ConflictException("Release " + version + " has not succeeded in " + before.get().name()
                    + " yet; " + environment.name() + " takes only releases promoted from there. Deploy it to "
                    + before.get().name() + " first.");
        }
    }

    /** Refuses a deployment into a frozen environment unless an administrator breaks the glass with a reason. */
    private @Nullable String requireUnfrozen(ServiceRef service, EnvironmentRef environment, @Nullable String overrideReason) {
        var freeze = freezes.activeIn(environment.slug());
        if (freeze.isEmpty()) {
            return null;
        }
        if (overrideReason == null || overrideReason.isBlank()) {
            access.denied(DeploymentQueued.NAME, "service", service.slug(),
                    environment.slug() + " is frozen: " + freeze.get().reason());
            throw new ConflictException(environment.name() + " is frozen (" + freeze.get().describe() + "): "
                    + freeze.get().reason() + ". Deploy after the freeze, or ask an administrator to override it with "
                    + "a reason.");
        }
        access.require(Permission.FREEZE_OVERRIDE, null, FreezeOverridden.NAME, "environment",
                environment.slug());
        production.require(GrantAction.OVERRIDE_FREEZE, service, environment, FreezeOverridden.NAME,
                "environment", environment.slug());
        return overrideReason.strip();
    }

    /**
     * The deployment an earlier request with this Idempotency-Key made, if any; a conflict when that request asked
     * for something else than {@code sameRequest} accepts.
     */
    private static @Nullable String stripped(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Optional<DeploymentView> replay(Actor actor, @Nullable String key, Predicate<DeploymentView> sameRequest) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        // Concurrent retries with one key wait for each other here, so the later ones replay the first.
        store.lockIdempotencyKey(actor.userId(), key.strip());
        return store.idempotent(actor.userId(), key.strip()).map(this::find).map(earlier -> {
            if (!sameRequest.test(earlier)) {
                throw new ConflictException("The Idempotency-Key '" + key + "' was already used for deployment "
                        + earlier.id() + ", which asked for something else (service, environment, version or "
                        + "reason); use a new key for a different request");
            }
            return earlier;
        });
    }
}
