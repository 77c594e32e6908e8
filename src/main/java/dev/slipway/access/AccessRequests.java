package dev.slipway.access;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Just-in-time access requests. A developer asks for a scope and a duration with a reason; approvers
 * (administrators, and maintainers of the owning team where the environment lets them; never the
 * requester) approve until the environment's number of approvals is reached, which creates the grant,
 * or deny, which ends the request. Decisions lock the request row, so approvers deciding at the same
 * moment are taken one after the other and exactly one grant comes of it.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AccessRequests {

    private static final String COLUMNS = """
            id, requester_id, requester_name, actions, team_slug, services, environments, duration_seconds, reason, state,
            approvals_required, maintainers_may_approve, created_at, expires_at, decided_at, decided_by_name,
            decision_comment, (select g.id from access_grant g where g.request_id = access_request.id) as grant_id""";

    /** Narrows the list of requests; each part may be null. */
    public record Filter(@Nullable String requester, AccessRequestView.@Nullable State state) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AccessScopes scopes;
    private final Grants grants;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final AccessProperties properties;
    private final Clock clock;

    public AccessRequestView create(NewAccessRequest request) {
        Actor actor = access.current();
        var errors = new ArrayList<FieldError>(validator.errors(request));
        if (request.duration() == null) {
            // named by the validator
        } else if (request.duration().isNegative() || request.duration().isZero()) {
            errors.add(new FieldError("duration", "must be longer than 0, e.g. PT1H"));
        } else if (request.duration().compareTo(properties.maxDuration()) > 0) {
            errors.add(new FieldError("duration", "is longer than " + Durations.describe(properties.maxDuration())
                    + ", the longest access that can be requested"));
        } else if (request.duration().toSeconds() < 60) {
            errors.add(new FieldError("duration", "must be at least a minute"));
        }
        AccessScope scope = scopes.resolve(request.actions(), request.team(), request.services(), request.environments(),
                errors);
        access.require(Permission.ACCESS_REQUEST, scope.team(), AccessRequested.NAME, "team", scope.team());
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into access_request (requester_id, requester_name, actions, team_slug, services, environments,
                    duration_seconds, reason, state, approvals_required, maintainers_may_approve, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?) returning id""")
                .params(actor.userId(), actor.username(), scope.actionIds(), scope.team(),
                        scope.services() == null ? null : scope.services().toArray(String[]::new),
                        scope.environmentSlugs().toArray(String[]::new), (int) request.duration().toSeconds(),
                        request.reason().strip(), scope.approvalsRequired(), scope.maintainersMayApprove(),
                        Timestamp.from(now), Timestamp.from(now.plus(properties.requestExpiry())))
                .query(Long.class).single();
        AccessRequestView created = find(id);
        events.publishEvent(new AccessRequested(created));
        return created;
    }

    public AccessRequestView approve(long id, @Nullable String comment) {
        return decide(id, true, comment);
    }

    public AccessRequestView deny(long id, @Nullable String comment) {
        return decide(id, false, comment);
    }

    /** The requester takes back a request nobody has decided yet. */
    public AccessRequestView withdraw(long id) {
        AccessRequestView request = locked(id);
        Actor actor = access.current();
        if (!request.requester().equals(actor.username())) {
            access.denied(AccessRequestWithdrawn.NAME, "access-request", String.valueOf(id),
                    "only the requester may withdraw a request");
            throw new AccessDeniedException("Only " + request.requester() + ", who asked, may withdraw request " + id
                    + ". Approvers deny instead.");
        }
        access.require(Permission.ACCESS_WITHDRAW, request.team(), AccessRequestWithdrawn.NAME, "access-request",
                String.valueOf(id));
        requirePending(request, AccessRequestWithdrawn.NAME);
        jdbc.sql("update access_request set state = 'WITHDRAWN', decided_at = ?, decided_by_name = ? where id = ?")
                .params(Timestamp.from(clock.instant()), actor.username(), id).update();
        events.publishEvent(new AccessRequestWithdrawn(id));
        return find(id);
    }

    private AccessRequestView decide(long id, boolean approve, @Nullable String comment) {
        String action = approve ? AccessRequestApproved.NAME : AccessRequestRejected.NAME;
        String note = comment == null || comment.isBlank() ? null : comment.strip();
        if (note != null && note.length() > 1000) {
            throw new InvalidInputException("comment", "must be at most 1000 characters");
        }
        AccessRequestView request = locked(id);
        Actor actor = access.current();
        if (request.requester().equals(actor.username())) {
            access.denied(action, "access-request", String.valueOf(id), "the requester may not decide their own request");
            throw new AccessDeniedException("You asked for this access, so you cannot " + (approve ? "approve" : "deny")
                    + " it yourself; another approver must. You may withdraw it.");
        }
        access.require(Permission.ACCESS_APPROVE, request.team(), action, "access-request", String.valueOf(id));
        if (!actor.isAdmin() && !request.maintainersMayApprove()) {
            access.denied(action, "access-request", String.valueOf(id),
                    "only administrators decide access to " + String.join(", ", request.environments()));
            throw new AccessDeniedException("Only administrators decide access requests for "
                    + String.join(", ", request.environments()) + "; that environment does not let maintainers approve.");
        }
        requirePending(request, action);
        if (request.decisions().stream().anyMatch(d -> d.approver().equals(actor.username()))) {
            events.publishEvent(new AccessChangeFailed(action, "access-request", String.valueOf(id),
                    "already decided by " + actor.username()));
            throw new ConflictException("You have already approved request " + id + "; it needs "
                    + request.approvalsRequired() + " different approvers.");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                insert into access_decision (request_id, approver_id, approver_name, approved, comment, decided_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, actor.userId(), actor.username(), approve, note, Timestamp.from(now)).update();
        long approvals = request.approvals() + (approve ? 1 : 0);
        if (!approve) {
            close(id, "DENIED", actor, note, now);
            events.publishEvent(new AccessRequestRejected(find(id)));
        } else if (approvals >= request.approvalsRequired()) {
            close(id, "APPROVED", actor, note, now);
            events.publishEvent(new AccessRequestApproved(find(id)));
            long requesterId = jdbc.sql("select requester_id from access_request where id = ?").param(id)
                    .query(Long.class).single();
            AccessScope scope = scopes.resolve(request.actions(), request.team(), request.services(),
                    request.environments(), new ArrayList<>());
            grants.createForRequest(request, requesterId, scope);
        } else {
            events.publishEvent(new AccessRequestApprovalAdded(find(id), approvals));
        }
        return find(id);
    }

    private void close(long id, String state, Actor actor, @Nullable String comment, Instant now) {
        jdbc.sql("""
                update access_request set state = ?, decided_at = ?, decided_by_name = ?, decision_comment = ?
                where id = ? and state = 'PENDING'""")
                .params(state, Timestamp.from(now), actor.username(), comment, id).update();
    }

    private void requirePending(AccessRequestView request, String action) {
        String reason = null;
        if (request.state() != AccessRequestView.State.PENDING) {
            reason = "it is already " + request.state().name().toLowerCase();
        } else if (!request.expiresAt().isAfter(clock.instant())) {
            reason = "it expired at " + request.expiresAt();
        }
        if (reason != null) {
            events.publishEvent(new AccessChangeFailed(action, "access-request", String.valueOf(request.id()), reason));
            throw new ConflictException("Request " + request.id() + " cannot be decided: " + reason
                    + (request.grantId() == null ? "." : " (grant " + request.grantId() + ")."));
        }
    }

    /** One request, to those who may read it ({@link AccessReaders}); to anyone else it does not exist. */
    @Transactional(readOnly = true)
    public AccessRequestView get(long id) {
        access.require(Permission.CATALOG_READ, null, "access-request.read", "access-request", String.valueOf(id));
        return jdbc.sql("select " + COLUMNS + " from access_request where id = :id and "
                        + AccessReaders.visible(AccessReaders.REQUESTER))
                .params(AccessReaders.params(access.current())).param("id", id)
                .query((rs, i) -> read(rs)).optional().map(this::withDecisions)
                .orElseGet(() -> {
                    find(id); // one that does not exist is a plain 404, with nothing to record
                    access.denied("access-request.read", "access-request", String.valueOf(id),
                            "neither its requester, a maintainer of its team nor an administrator");
                    throw new NotFoundException("access request", String.valueOf(id));
                });
    }

    /** The requests the current actor may read ({@link AccessReaders}), narrowed by the filter. */
    @Transactional(readOnly = true)
    public Page<AccessRequestView> list(Filter filter, Pageable page) {
        access.require(Permission.CATALOG_READ);
        var params = new HashMap<String, Object>(AccessReaders.params(access.current()));
        params.put("requester", filter.requester());
        params.put("state", filter.state() == null ? null : filter.state().name());
        String where = """
                where (:requester::text is null or requester_name = :requester)
                  and (:state::text is null or state = :state)
                  and """ + AccessReaders.visible(AccessReaders.REQUESTER);
        long total = jdbc.sql("select count(*) from access_request " + where).params(params).query(Long.class).single();
        List<AccessRequestView> items = jdbc.sql("select " + COLUMNS + " from access_request " + where
                        + " order by id desc limit :limit offset :offset")
                .params(params).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, i) -> read(rs)).list().stream().map(this::withDecisions).toList();
        return new PageImpl<>(items, page, total);
    }

    /** Pending requests the current actor may decide (and has not yet). */
    @Transactional(readOnly = true)
    public List<AccessRequestView> waitingFor() {
        access.require(Permission.CATALOG_READ);
        Actor actor = access.current();
        return jdbc.sql("select " + COLUMNS + " from access_request where state = 'PENDING' and expires_at > ? "
                        + "and requester_id <> ? and not exists (select 1 from access_decision d "
                        + "where d.request_id = access_request.id and d.approver_id = ?) order by id")
                .params(Timestamp.from(clock.instant()), actor.userId(), actor.userId())
                .query((rs, i) -> read(rs)).list().stream()
                .filter(r -> mayDecide(actor, r))
                .map(this::withDecisions).toList();
    }

    /** Whether the current actor may approve or deny this request (for showing the buttons). */
    public boolean mayDecide(AccessRequestView request) {
        Actor actor = access.signedIn();
        return actor != null && request.pending() && !request.requester().equals(actor.username())
                && mayDecide(actor, request)
                && request.decisions().stream().noneMatch(d -> d.approver().equals(actor.username()));
    }

    private boolean mayDecide(Actor actor, AccessRequestView request) {
        return access.can(Permission.ACCESS_APPROVE, request.team()) && (actor.isAdmin() || request.maintainersMayApprove());
    }

    /** Marks pending requests whose time ran out as expired; each once, also with several Slipway processes. */
    int expirePending() {
        Instant now = clock.instant();
        List<AccessRequestView> expired = jdbc.sql("select " + COLUMNS + " from access_request where state = 'PENDING' "
                        + "and expires_at <= ? order by id limit 100 for update skip locked")
                .param(Timestamp.from(now)).query((rs, i) -> read(rs)).list();
        for (AccessRequestView request : expired) {
            jdbc.sql("update access_request set state = 'EXPIRED', decided_at = ? where id = ?")
                    .params(Timestamp.from(now), request.id()).update();
            events.publishEvent(new AccessRequestExpired(request));
        }
        return expired.size();
    }

    private AccessRequestView locked(long id) {
        return withDecisions(jdbc.sql("select " + COLUMNS + " from access_request where id = ? for update").param(id)
                .query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("access request", String.valueOf(id))));
    }

    AccessRequestView find(long id) {
        return withDecisions(jdbc.sql("select " + COLUMNS + " from access_request where id = ?").param(id)
                .query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("access request", String.valueOf(id))));
    }

    private AccessRequestView withDecisions(AccessRequestView request) {
        var decisions = jdbc.sql("""
                select approver_name, approved, comment, decided_at from access_decision where request_id = ?
                order by decided_at, approver_name""")
                .param(request.id())
                .query((rs, i) -> new AccessRequestView.Decision(rs.getString(1), rs.getBoolean(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
        return new AccessRequestView(request.id(), request.requester(), request.actions(), request.team(),
                request.services(), request.environments(), request.duration(), request.reason(), request.state(),
                request.approvalsRequired(), request.maintainersMayApprove(), decisions, request.createdAt(),
                request.expiresAt(), request.decidedAt(), request.decidedBy(), request.decisionComment(),
                request.grantId());
    }

    private AccessRequestView read(ResultSet rs) throws SQLException {
        return new AccessRequestView(rs.getLong("id"), rs.getString("requester_name"),
                Grants.strings(rs.getArray("actions")).stream().map(GrantAction::of).toList(), rs.getString("team_slug"),
                rs.getArray("services") == null ? null : Grants.strings(rs.getArray("services")),
                Grants.strings(rs.getArray("environments")),
                Duration.ofSeconds(rs.getInt("duration_seconds")), rs.getString("reason"),
                AccessRequestView.State.valueOf(rs.getString("state")), rs.getInt("approvals_required"),
                rs.getBoolean("maintainers_may_approve"), List.of(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), Grants.instant(rs, "decided_at"),
                rs.getString("decided_by_name"), rs.getString("decision_comment"), (Long) rs.getObject("grant_id"));
    }
}
