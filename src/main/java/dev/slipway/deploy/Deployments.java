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
import dev.slipway.shared.AuditEvent;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.Notice;
import dev.slipway.shared.NoticeType;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.PageRequest;
import dev.slipway.shared.PageResult;
import dev.slipway.shared.RequestValidator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Deployments: requested from the portal or the API, queued in PostgreSQL, executed by
 * {@link DeploymentRunner}. At most one per service and environment is underway at a time.
 */
@Component
@Transactional
public class Deployments {

    static final String COLUMNS = """
            d.id, s.slug as service, t.slug as team, e.slug as environment, e.cluster, r.version, r.image, d.state,
            d.requested_by_name, d.reason, d.rollback_of, d.override_reason, d.ready_replicas, d.desired_replicas,
            d.failure_reason, d.created_at, d.started_at, d.finished_at""";
    static final String FROM = """
            from deployment d join service s on s.id = d.service_id join team t on t.id = s.team_id
            join environment e on e.id = d.environment_id join release r on r.id = d.release_id""";

    /** A deployment and whether this call created it (false when an Idempotency-Key replayed an earlier one). */
    public record Requested(DeploymentView deployment, boolean created) {
    }

    /** Narrows the deployment list; each part may be null. */
    public record Filter(String service, String environment, DeploymentState state) {
    }

    private final JdbcClient jdbc;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final DeploymentQueue queue;
    private final Freezes freezes;
    private final Clusters clusters;
    private final ProductionAccess production;
    private final Clock clock;

    Deployments(JdbcClient jdbc, ServiceCatalog services, EnvironmentCatalog environments, AccessPolicy access,
            RequestValidator validator, ApplicationEventPublisher events, DeploymentQueue queue, Freezes freezes,
            Clusters clusters, ProductionAccess production, Clock clock) {
        this.production = production;
        this.clusters = clusters;
        this.freezes = freezes;
        this.jdbc = jdbc;
        this.services = services;
        this.environments = environments;
        this.access = access;
        this.validator = validator;
        this.events = events;
        this.queue = queue;
        this.clock = clock;
    }

    public Requested request(DeploymentRequest request, String idempotencyKey) {
        validator.check(request);
        ServiceRef service = services.ref(request.service());
        EnvironmentRef environment = environments.ref(request.environment());
        access.require(Permission.DEPLOY, service.team(), "deployment.create", "service", service.slug());
        Actor actor = access.current();
        Optional<DeploymentView> replayed = replay(actor, idempotencyKey, request);
        if (replayed.isPresent()) {
            return new Requested(replayed.get(), false);
        }
        Long grant = production.require(GrantAction.DEPLOY, service, environment, "deployment.create", "service",
                service.slug());
        long releaseId = releaseId(service, request.version());
        requirePromoted(service, environment, releaseId, request.version());
        String override = requireUnfrozen(service, environment, request.overrideFreeze());
        long id = insert(service, environment, releaseId, actor, request.reason(), null, idempotencyKey, grant);
        if (override != null) {
            jdbc.sql("update deployment set override_reason = ? where id = ?").params(override, id).update();
            note(id, "FREEZE_OVERRIDE", "Freeze overridden by " + actor.username() + ": " + override, null, null);
            events.publishEvent(AuditEvent.success("deployment.freeze-override", "deployment", String.valueOf(id),
                    java.util.Map.of("overrideReason", new Object[] {null, override})));
            events.publishEvent(new Notice(NoticeType.FREEZE_OVERRIDDEN, actor.username() + " overrode the freeze of "
                    + environment.name() + " to deploy " + service.slug() + " " + request.version() + ": " + override,
                    java.util.Map.of("deployment", id, "service", service.slug(), "environment", environment.slug(),
                            "version", request.version(), "overrideReason", override)));
        }
        DeploymentView created = get(id);
        events.publishEvent(AuditEvent.success("deployment.create", "deployment", String.valueOf(id),
                java.util.Map.of("release", new Object[] {null, service.slug() + " " + request.version()},
                        "environment", new Object[] {null, environment.slug()})));
        return new Requested(created, true);
    }

    /** A queued deployment can be cancelled; one that has started runs to its end. */
    public DeploymentView cancel(long id) {
        DeploymentView deployment = find(id);
        access.require(Permission.DEPLOY, deployment.team(), "deployment.cancel", "deployment", String.valueOf(id));
        int cancelled = jdbc.sql("update deployment set state = 'CANCELLED', finished_at = ? where id = ? and state = 'QUEUED'")
                .params(Timestamp.from(clock.instant()), id).update();
        if (cancelled == 0) {
            events.publishEvent(AuditEvent.failed("deployment.cancel", "deployment", String.valueOf(id),
                    "it was " + deployment.state().name().toLowerCase() + ", not queued"));
            throw new ConflictException("Deployment " + id + " is " + deployment.state().name().toLowerCase()
                    + "; only a queued deployment can be cancelled.");
        }
        note(id, "CANCELLED", "Cancelled by " + access.current().username(), null, null);
        events.publishEvent(AuditEvent.success("deployment.cancel", "deployment", String.valueOf(id)));
        return get(id);
    }

    /** Deploys again the last release that succeeded in this environment before the given deployment. */
    public DeploymentView rollback(long id, String reason) {
        DeploymentView deployment = find(id);
        access.require(Permission.DEPLOY, deployment.team(), "deployment.rollback", "deployment", String.valueOf(id));
        Long grant = production.require(GrantAction.ROLLBACK, services.ref(deployment.service()),
                environments.ref(deployment.environment()), "deployment.rollback", "deployment", String.valueOf(id));
        try {
            return queueRollback(deployment, access.current(), reason == null || reason.isBlank()
                    ? "Rollback of deployment " + id : reason, grant);
        } catch (ConflictException e) {
            events.publishEvent(AuditEvent.failed("deployment.rollback", "deployment", String.valueOf(id), e.getMessage()));
            throw e;
        }
    }

    DeploymentView queueRollback(DeploymentView deployment, Actor actor, String reason, Long grant) {
        ServiceRef service = services.ref(deployment.service());
        EnvironmentRef environment = environments.ref(deployment.environment());
        Long previous = jdbc.sql("""
                select release_id from deployment where service_id = ? and environment_id = ? and state = 'SUCCEEDED'
                  and id < ? and release_id <> (select release_id from deployment where id = ?)
                order by id desc limit 1""")
                .params(service.id(), environment.id(), deployment.id(), deployment.id())
                .query(Long.class).optional().orElseThrow(() -> new ConflictException(
                        "There is no earlier release that succeeded in " + environment.name() + " to roll back to."));
        long id = insert(service, environment, previous, actor, reason, deployment.id(), null, grant);
        events.publishEvent(AuditEvent.success("deployment.rollback", "deployment", String.valueOf(id),
                java.util.Map.of("rollbackOf", new Object[] {null, deployment.id()})));
        return get(id);
    }

    @Transactional(readOnly = true)
    public DeploymentView get(long id) {
        access.require(Permission.CATALOG_READ);
        return find(id);
    }

    private DeploymentView find(long id) {
        return jdbc.sql("select " + COLUMNS + " " + FROM + " where d.id = ?").param(id)
                .query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("deployment", String.valueOf(id)));
    }

    @Transactional(readOnly = true)
    public PageResult<DeploymentView> list(Filter filter, PageRequest page) {
        access.require(Permission.CATALOG_READ);
        var params = new HashMap<String, Object>();
        params.put("service", filter.service());
        params.put("environment", filter.environment());
        params.put("state", filter.state() == null ? null : filter.state().name());
        String where = """
                where (:service::text is null or s.slug = :service)
                  and (:environment::text is null or e.slug = :environment)
                  and (:state::text is null or d.state = :state)""";
        long total = jdbc.sql("select count(*) " + FROM + " " + where).params(params).query(Long.class).single();
        List<DeploymentView> items = jdbc.sql("select " + COLUMNS + " " + FROM + " " + where
                        + " order by d.id desc limit :limit offset :offset")
                .params(params).param("limit", page.size()).param("offset", page.offset())
                .query((rs, i) -> read(rs)).list();
        return new PageResult<>(items, page.page(), page.size(), total);
    }

    @Transactional(readOnly = true)
    public List<DeploymentEventView> events(long id) {
        access.require(Permission.CATALOG_READ);
        return jdbc.sql("select id, at, kind, message, ready, desired from deployment_event where deployment_id = ? order by id")
                .param(id)
                .query((rs, i) -> new DeploymentEventView(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6)))
                .list();
    }

    /** The applied manifest of a deployment, once it has been applied. */
    @Transactional(readOnly = true)
    public Optional<String> manifest(long id) {
        access.require(Permission.CATALOG_READ);
        return jdbc.sql("select manifest from deployment where id = ?").param(id).query(String.class).optional();
    }

    private long insert(ServiceRef service, EnvironmentRef environment, long releaseId, Actor actor, String reason,
            Long rollbackOf, String idempotencyKey, Long grant) {
        long id = jdbc.sql("""
                insert into deployment (service_id, environment_id, release_id, state, requested_by, requested_by_name,
                    reason, rollback_of, idempotency_key, created_at, access_grant_id)
                values (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(service.id(), environment.id(), releaseId, actor.userId(), actor.username(),
                        reason == null || reason.isBlank() ? null : reason.strip(), rollbackOf,
                        idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey,
                        Timestamp.from(clock.instant()), grant)
                .query(Long.class).single();
        note(id, "QUEUED", (rollbackOf == null ? "Requested by " : "Rollback requested by ") + actor.username(), null, null);
        wakeQueueAfterCommit();
        return id;
    }

    void note(long deploymentId, String kind, String message, Integer ready, Integer desired) {
        jdbc.sql("insert into deployment_event (deployment_id, at, kind, message, ready, desired) values (?, ?, ?, ?, ?, ?)")
                .params(deploymentId, Timestamp.from(clock.instant()), kind, message, ready, desired).update();
    }

    private void wakeQueueAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    queue.wakeUp();
                }
            });
        } else {
            queue.wakeUp();
        }
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
            events.publishEvent(AuditEvent.denied("deployment.create", "service", service.slug(),
                    "release " + version + " has not succeeded in " + before.get().slug()));
            throw new ConflictException("Release " + version + " has not succeeded in " + before.get().name()
                    + " yet; " + environment.name() + " takes only releases promoted from there. Deploy it to "
                    + before.get().name() + " first.");
        }
    }

    /** Refuses a deployment into a frozen environment unless an administrator breaks the glass with a reason. */
    private String requireUnfrozen(ServiceRef service, EnvironmentRef environment, String overrideReason) {
        var freeze = freezes.activeIn(environment.slug());
        if (freeze.isEmpty()) {
            return null;
        }
        if (overrideReason == null || overrideReason.isBlank()) {
            events.publishEvent(AuditEvent.denied("deployment.create", "service", service.slug(),
                    environment.slug() + " is frozen: " + freeze.get().reason()));
            throw new ConflictException(environment.name() + " is frozen (" + freeze.get().describe() + "): "
                    + freeze.get().reason() + ". Deploy after the freeze, or ask an administrator to override it with "
                    + "a reason.");
        }
        access.require(Permission.FREEZE_OVERRIDE, null, "deployment.freeze-override", "environment",
                environment.slug());
        production.require(GrantAction.OVERRIDE_FREEZE, service, environment, "deployment.freeze-override",
                "environment", environment.slug());
        return overrideReason.strip();
    }

    private Optional<DeploymentView> replay(Actor actor, String key, DeploymentRequest request) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select id from deployment where requested_by = ? and idempotency_key = ?")
                .params(actor.userId(), key).query(Long.class).optional()
                .map(id -> {
                    DeploymentView earlier = get(id);
                    if (!earlier.service().equals(request.service()) || !earlier.environment().equals(request.environment())
                            || !earlier.version().equals(request.version())) {
                        throw new ConflictException("The Idempotency-Key '" + key + "' was already used for deployment "
                                + id + "; use a new key for a different request");
                    }
                    return earlier;
                });
    }

    private DeploymentView read(ResultSet rs) throws SQLException {
        return new DeploymentView(rs.getLong("id"), rs.getString("service"), rs.getString("team"),
                rs.getString("environment"), clusters.isSandbox() ? "sandbox" : rs.getString("cluster"),
                rs.getString("version"), rs.getString("image"),
                DeploymentState.valueOf(rs.getString("state")), rs.getString("requested_by_name"), rs.getString("reason"),
                (Long) rs.getObject("rollback_of"), rs.getString("override_reason"), rs.getInt("ready_replicas"),
                rs.getInt("desired_replicas"), rs.getString("failure_reason"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
