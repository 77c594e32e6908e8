package dev.slipway.deploy;

import dev.slipway.shared.ConflictException;
import dev.slipway.shared.IdempotencyKeys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of the {@code deployment} and {@code deployment_event} tables: every state change of a
 * deployment is a typed transition here, guarded twice — each update names the states it may leave (so a late or
 * repeated call changes nothing), and a database trigger refuses any other transition. Each transition publishes
 * its {@link DeploymentLifecycleEvent} in its transaction. Reads here are not access-checked; the facades ask the
 * policy where a request enters.
 */
@Component
@Transactional
class DeploymentStore {

    private static final String COLUMNS = """
            d.id, s.slug as service, s.team_slug as team, e.slug as environment, e.name as environment_name, e.production,
            e.cluster, r.version, r.image, d.state, d.phase, d.requested_by_name, d.reason, d.rollback_of,
            d.override_reason, d.ready_replicas, d.desired_replicas, d.failure_reason, d.created_at, d.started_at,
            d.finished_at""";
    private static final String FROM = """
            from deployment d join catalog_services s on s.id = d.service_id
            join catalog_environments e on e.id = d.environment_id join release r on r.id = d.release_id""";

    /** What a request for a deployment carries into the queue. */
    record NewDeployment(long serviceId, long environmentId, long releaseId, @Nullable Long requestedBy, String requestedByName,
            String reason, @Nullable Long rollbackOf, @Nullable String idempotencyKey, @Nullable Long accessGrantId, @Nullable String overrideReason) {
    }

    /** A deployment's row as the engine needs it, beyond what people see. */
    record Internals(long serviceId, long environmentId, long releaseId, Long requestedBy, Long accessGrantId,
            String manifest, Long appliedGeneration, String worker) {
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clusters clusters;
    private final Duration leaseTime;
    private final Clock clock;

    DeploymentStore(JdbcClient jdbc, ApplicationEventPublisher events, Clusters clusters, DeployProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clusters = clusters;
        this.leaseTime = properties.lease();
        this.clock = clock;
    }

    // --- transitions -------------------------------------------------------------------------------------------

    /** Queues a deployment; it starts once it is the oldest of its service and environment and a rollout is free. */
    long enqueue(NewDeployment request, String message) {
        long id = jdbc.sql("""
                insert into deployment (service_id, environment_id, release_id, state, requested_by, requested_by_name,
                    reason, rollback_of, idempotency_key, created_at, access_grant_id, override_reason, phase)
                values (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, 'queued') returning id""")
                .params(request.serviceId(), request.environmentId(), request.releaseId(), request.requestedBy(),
                        request.requestedByName(), blankToNull(request.reason()), request.rollbackOf(),
                        blankToNull(request.idempotencyKey()), now(), request.accessGrantId(),
                        blankToNull(request.overrideReason()))
                .query(Long.class).single();
        note(id, "QUEUED", message);
        if (request.overrideReason() != null) {
            note(id, "FREEZE_OVERRIDE", "Freeze overridden by " + request.requestedByName() + ": "
                    + request.overrideReason());
        }
        DeploymentFacts facts = facts(id);
        events.publishEvent(new DeploymentQueued(facts));
        String override = blankToNull(request.overrideReason());
        if (override != null) {
            events.publishEvent(new FreezeOverridden(facts, override));
        }
        return id;
    }

    /**
     * Claims up to {@code max} deployments that may start now, fairly: only the oldest queued deployment of each
     * service and environment with nothing underway is a candidate, and candidates go oldest first, so an idle
     * pair never waits behind another pair's backlog.
     */
    List<Long> claim(String worker, int max) {
        if (max <= 0) {
            return List.of();
        }
        try {
            return jdbc.sql("""
                    with heads as (
                        select d.id from deployment d
                        where d.state = 'QUEUED'
                          and not exists (select 1 from deployment q where q.service_id = d.service_id
                                          and q.environment_id = d.environment_id and q.state = 'QUEUED' and q.id < d.id)
                          and not exists (select 1 from deployment a where a.service_id = d.service_id
                                          and a.environment_id = d.environment_id
                                          and a.state in ('APPLYING', 'ROLLING_OUT'))
                        order by d.id
                        limit :max
                        for update skip locked)
                    update deployment set state = 'APPLYING', phase = 'applying', worker = :worker,
                        lease_until = :lease, started_at = :now
                    from heads where deployment.id = heads.id
                    returning deployment.id""")
                    .param("max", max).param("worker", worker).param("lease", lease()).param("now", now())
                    .query(Long.class).list();
        } catch (DuplicateKeyException e) {
            return List.of(); // another worker started one of these pairs first; the next round sees it
        }
    }

    /** Takes over deployments left underway by a worker whose lease ran out (its process stopped). */
    List<Long> claimAbandoned(String worker) {
        return jdbc.sql("""
                with abandoned as (
                    select id from deployment where state in ('APPLYING', 'ROLLING_OUT') and lease_until < :now
                    order by id for update skip locked)
                update deployment set worker = :worker, lease_until = :lease
                from abandoned where deployment.id = abandoned.id
                returning deployment.id""")
                .param("now", now()).param("worker", worker).param("lease", lease())
                .query(Long.class).list();
    }

    void renew(String worker, Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("update deployment set lease_until = :until where worker = :worker and id in (:ids)")
                    .param("until", lease()).param("worker", worker).param("ids", ids).update();
        }
    }

    /**
     * Gives back the deployments underway that {@code worker} holds, as its process stops: their lease is over at
     * once, so any worker's next claim of abandoned deployments takes them up; returns how many.
     */
    int release(String worker) {
        return jdbc.sql("""
                update deployment set worker = null, lease_until = '-infinity'
                where worker = ? and state in ('APPLYING', 'ROLLING_OUT')""")
                .param(worker).update();
    }

    /** APPLYING → ROLLING_OUT: the manifest is in the cluster at {@code generation}. */
    boolean markApplied(long id, String worker, String manifest, int desired, long generation, String cluster,
            String namespace, String message) {
        int changed = jdbc.sql("""
                update deployment set state = 'ROLLING_OUT', phase = 'waiting for pods', manifest = ?,
                    desired_replicas = ?, ready_replicas = 0, applied_generation = ?
                where id = ? and worker = ? and state in ('APPLYING', 'ROLLING_OUT')""")
                .params(manifest, desired, generation, id, worker).update();
        if (changed == 0) {
            return false;
        }
        note(id, "APPLIED", message, 0, desired);
        events.publishEvent(new DeploymentStarted(facts(id), cluster, namespace, generation));
        return true;
    }

    /** A resumed rollout applied its recorded manifest again (the cluster had lost it or changed it). */
    boolean reapplied(long id, String worker, long generation, String message) {
        int changed = jdbc.sql("""
                update deployment set state = 'ROLLING_OUT', applied_generation = ?
                where id = ? and worker = ? and state in ('APPLYING', 'ROLLING_OUT')""")
                .params(generation, id, worker).update();
        if (changed > 0) {
            note(id, "RESUMED", message);
        }
        return changed > 0;
    }

    /** Records how far the rollout is; the event log gets a line only when {@code message} is given. */
    boolean progress(long id, String worker, String phase, int ready, int desired, String message) {
        int changed = jdbc.sql("""
                update deployment set phase = ?, ready_replicas = ?, desired_replicas = ?
                where id = ? and worker = ? and state = 'ROLLING_OUT'""")
                .params(phase, ready, desired, id, worker).update();
        if (changed > 0 && message != null) {
            note(id, "PROGRESS", message, ready, desired);
        }
        return changed > 0;
    }

    /** Ends a started deployment; empty when it had ended already or another worker holds it. */
    Optional<DeploymentView> finish(long id, String worker, DeploymentState outcome, @Nullable String reason) {
        if (outcome != DeploymentState.SUCCEEDED && outcome != DeploymentState.FAILED) {
            throw new IllegalArgumentException("a started deployment ends SUCCEEDED or FAILED, not " + outcome);
        }
        boolean succeeded = outcome == DeploymentState.SUCCEEDED;
        int changed = jdbc.sql("""
                update deployment set state = :state, phase = coalesce(:phase, phase), finished_at = :now, failure_reason = :reason,
                    worker = null, lease_until = null,
                    ready_replicas = case when :succeeded then desired_replicas else ready_replicas end
                where id = :id and worker = :worker and state in ('APPLYING', 'ROLLING_OUT')""")
                .param("state", outcome.name()).param("phase", succeeded ? "ready" : null).param("now", now())
                .param("reason", succeeded ? null : truncate(reason, 1000)).param("succeeded", succeeded)
                .param("id", id).param("worker", worker).update();
        if (changed == 0) {
            return Optional.empty();
        }
        note(id, outcome.name(), succeeded ? "Rollout complete" : reason);
        DeploymentFacts facts = facts(id);
        events.publishEvent(succeeded ? new DeploymentSucceeded(facts) : new DeploymentFailed(facts, reason));
        return find(id);
    }

    /** QUEUED → CANCELLED; false when it was no longer queued. */
    boolean cancel(long id, String cancelledBy) {
        int changed = jdbc.sql("""
                update deployment set state = 'CANCELLED', phase = null, finished_at = ? where id = ? and state = 'QUEUED'""")
                .params(now(), id).update();
        if (changed == 0) {
            return false;
        }
        note(id, "CANCELLED", "Cancelled by " + cancelledBy);
        events.publishEvent(new DeploymentCancelled(facts(id), cancelledBy));
        return true;
    }

    /**
     * Notes that a started deployment meets a transient fault of its cluster and will be tried again; false when this
     * worker no longer holds it.
     */
    boolean retrying(long id, String worker, String message) {
        int changed = jdbc.sql("""
                update deployment set phase = 'retrying'
                where id = ? and worker = ? and state in ('APPLYING', 'ROLLING_OUT')""")
                .params(id, worker).update();
        if (changed > 0) {
            note(id, "RETRY", message);
        }
        return changed > 0;
    }

    /** A line in the deployment's log: evidence, Kubernetes events, log tails. */
    void note(long id, String kind, @Nullable String message) {
        note(id, kind, message, null, null);
    }

    void note(long id, String kind, @Nullable String message, @Nullable Integer ready, @Nullable Integer desired) {
        jdbc.sql("insert into deployment_event (deployment_id, at, kind, message, ready, desired) values (?, ?, ?, ?, ?, ?)")
                .params(id, now(), kind, truncate(message, 2000), ready, desired).update();
    }

    // --- reads ---------------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    Optional<DeploymentView> find(long id) {
        return jdbc.sql("select " + COLUMNS + " " + FROM + " where d.id = ?").param(id)
                .query((rs, i) -> read(rs)).optional();
    }

    @Transactional(readOnly = true)
    Optional<Internals> internals(long id) {
        return jdbc.sql("""
                select service_id, environment_id, release_id, requested_by, access_grant_id, manifest,
                    applied_generation, worker
                from deployment where id = ?""")
                .param(id)
                .query(Internals.class)
                .optional();
    }

    @Transactional(readOnly = true)
    Page<DeploymentView> list(Deployments.Filter filter, Pageable page) {
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
                .params(params).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, i) -> read(rs)).list();
        return new PageImpl<>(items, page, total);
    }

    /** Per service and environment, the deployment that succeeded there last. */
    @Transactional(readOnly = true)
    List<DeploymentView> running(Collection<String> services) {
        return newestPerEnvironment(services, "d.state = 'SUCCEEDED'");
    }

    /** Per environment, the service's newest deployment, whatever its state. */
    @Transactional(readOnly = true)
    List<DeploymentView> latest(String service) {
        return newestPerEnvironment(List.of(service), "true");
    }

    private List<DeploymentView> newestPerEnvironment(Collection<String> services, String condition) {
        if (services.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select distinct on (d.service_id, d.environment_id) " + COLUMNS + " " + FROM
                        + " where s.slug in (:services) and " + condition
                        + " order by d.service_id, d.environment_id, d.id desc")
                .param("services", services).query((rs, i) -> read(rs)).list();
    }

    /**
     * Deployments in these states of these teams' services (every team's when null), created or finished since then,
     * only those that broke a freeze when {@code overridden}; newest first.
     */
    @Transactional(readOnly = true)
    List<DeploymentView> recent(@Nullable Collection<String> teams, Collection<DeploymentState> states, Instant since,
            boolean overridden, int limit) {
        if (teams != null && teams.isEmpty()) {
            return List.of();
        }
        var params = new HashMap<String, Object>();
        params.put("all", teams == null);
        params.put("teams", teams == null ? List.of("") : teams);
        params.put("states", states.stream().map(Enum::name).toList());
        params.put("since", Timestamp.from(since));
        params.put("limit", limit);
        return jdbc.sql("select " + COLUMNS + " " + FROM + " " + """
                where (:all or s.team_slug in (:teams)) and d.state in (:states)
                  and coalesce(d.finished_at, d.created_at) >= :since""" + (overridden
                        ? " and d.override_reason is not null" : "") + " order by d.id desc limit :limit")
                .params(params).query((rs, i) -> read(rs)).list();
    }

    @Transactional(readOnly = true)
    List<DeploymentEventView> events(long id, long afterEventId) {
        return jdbc.sql("""
                select id, at, kind, message, ready, desired from deployment_event
                where deployment_id = ? and id > ? order by id""")
                .params(id, afterEventId)
                .query(DeploymentEventView.class)
                .list();
    }

    /** Holds, until the transaction ends, the right to act on this person's Idempotency-Key. */
    void lockIdempotencyKey(@Nullable Long requestedBy, String key) {
        IdempotencyKeys.lock(jdbc, "deployment", requestedBy, key);
    }

    /** The deployment a person's request with this Idempotency-Key made. */
    @Transactional(readOnly = true)
    Optional<Long> idempotent(@Nullable Long requestedBy, String key) {
        return jdbc.sql("select id from deployment where requested_by = ? and idempotency_key = ?")
                .params(requestedBy, key).query(Long.class).optional();
    }

    /** The newest rollback of a deployment, if one was made. */
    @Transactional(readOnly = true)
    Optional<DeploymentView> rollbackOf(long id) {
        return jdbc.sql("select " + COLUMNS + " " + FROM + " where d.rollback_of = ? order by d.id desc limit 1")
                .param(id).query((rs, i) -> read(rs)).optional();
    }

    @Transactional(readOnly = true)
    Optional<String> manifest(long id) {
        return jdbc.sql("select manifest from deployment where id = ?").param(id).query(String.class).optional();
    }

    /**
     * Removes the deployments of a service or environment the catalog is deleting, or refuses while one is underway.
     * Locking them first keeps the runner from claiming a queued one meanwhile (it skips locked rows), and makes this
     * wait for a claim just made, then see it underway.
     */
    void removeAll(CatalogEntry deleted, String name) {
        String underway = jdbc.sql("select id, state from deployment where " + deleted.matches() + " order by id for update")
                .param(deleted.id())
                .query((rs, i) -> Map.entry(rs.getLong("id"), DeploymentState.valueOf(rs.getString("state"))))
                .list().stream().filter(held -> held.getValue().active()).map(held -> "#" + held.getKey())
                .collect(Collectors.joining(", "));
        if (!underway.isEmpty()) {
            throw new ConflictException(name + " has a deployment underway (" + underway
                    + "). Wait until it has ended, then delete it.");
        }
        jdbc.sql("delete from deployment where " + deleted.matches()).param(deleted.id()).update();
    }

    /** The release that succeeded last in this deployment's environment before it, other than its own. */
    @Transactional(readOnly = true)
    Optional<RollbackTarget> rollbackTarget(long id) {
        return jdbc.sql("""
                select p.release_id, r.version from deployment d
                join deployment p on p.service_id = d.service_id and p.environment_id = d.environment_id
                join release r on r.id = p.release_id
                where d.id = ? and p.state = 'SUCCEEDED' and p.id < d.id and p.release_id <> d.release_id
                order by p.id desc limit 1""")
                .param(id).query(RollbackTarget.class).optional();
    }

    /** A release a rollback would restore. */
    record RollbackTarget(long releaseId, String version) {
    }

    // --- history ----------------------------------------------------------------------------------------------

    /** Inserts a deployment that ended before Slipway recorded it, with its own times and outcome. */
    long recordPast(NewDeployment request, PastDeployment past) {
        String state = past.succeeded() ? "SUCCEEDED" : "FAILED";
        long id = jdbc.sql("""
                insert into deployment (service_id, environment_id, release_id, state, phase, requested_by,
                    requested_by_name, reason, rollback_of, failure_reason, created_at, started_at, finished_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(request.serviceId(), request.environmentId(), request.releaseId(), state,
                        past.succeeded() ? "ready" : "failed", request.requestedBy(), request.requestedByName(),
                        request.reason(), request.rollbackOf(),
                        past.succeeded() ? null : truncate(past.failureReason(), 1000),
                        Timestamp.from(past.requestedAt()), Timestamp.from(past.startedAt()),
                        Timestamp.from(past.finishedAt()))
                .query(Long.class).single();
        note(id, state, "Recorded from history by " + request.requestedByName());
        return id;
    }

    /** The latest deployment of a version of a service to an environment requested before the given time. */
    @Transactional(readOnly = true)
    Optional<Long> latestOf(long serviceId, long environmentId, String version, Instant before) {
        return jdbc.sql("""
                select d.id from deployment d join release r on r.id = d.release_id
                where d.service_id = ? and d.environment_id = ? and r.version = ? and d.created_at < ?
                order by d.created_at desc, d.id desc limit 1""")
                .params(serviceId, environmentId, version, Timestamp.from(before)).query(Long.class).optional();
    }

    /** One row per finished deployment: a deployment's events never multiply it. */
    @Transactional(readOnly = true)
    List<FinishedDeployment> finished(DeploymentHistory.Filter filter) {
        return jdbc.sql("""
                select d.id, s.slug as service, s.team_slug as team, e.slug as environment, r.version, r.commit_time,
                    d.created_at as requested_at, d.started_at, d.finished_at, d.state as outcome,
                    d.rollback_of is not null as rollback,
                    exists (select 1 from deployment b where b.rollback_of = d.id and b.state <> 'CANCELLED')
                        as rolled_back
                """ + FROM + """

                where d.state in ('SUCCEEDED', 'FAILED') and d.finished_at >= :since
                  and (:team::text is null or s.team_slug = :team)
                  and (:service::text is null or s.slug = :service)
                  and (:environment::text is null or e.slug = :environment)
                order by d.finished_at, d.id""")
                .param("since", Timestamp.from(filter.finishedSince())).param("team", filter.team())
                .param("service", filter.service()).param("environment", filter.environment())
                .query(FinishedDeployment.class).list();
    }

    private DeploymentFacts facts(long id) {
        return jdbc.sql("select " + COLUMNS + " " + FROM + " where d.id = ?").param(id)
                .query((rs, i) -> {
                    DeploymentView view = read(rs);
                    return new DeploymentFacts(id, view.service(), view.team(), view.environment(),
                            view.environmentName(), rs.getBoolean("production"), view.version(), view.requestedBy(),
                            view.rollbackOf());
                })
                .single();
    }

    private DeploymentView read(ResultSet rs) throws SQLException {
        return new DeploymentView(rs.getLong("id"), rs.getString("service"), rs.getString("team"),
                rs.getString("environment"), rs.getString("environment_name"),
                clusters.isSandbox() ? "sandbox" : rs.getString("cluster"), rs.getString("version"),
                rs.getString("image"), DeploymentState.valueOf(rs.getString("state")), rs.getString("phase"),
                rs.getString("requested_by_name"), rs.getString("reason"), (Long) rs.getObject("rollback_of"),
                rs.getString("override_reason"), rs.getInt("ready_replicas"), rs.getInt("desired_replicas"),
                rs.getString("failure_reason"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private Timestamp lease() {
        return Timestamp.from(clock.instant().plus(leaseTime));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static @Nullable String truncate(@Nullable String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
