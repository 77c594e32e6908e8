package dev.slipway.access;

import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.identity.UserDirectory;
import dev.slipway.identity.UserView;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * Production access grants: created by administrators or by an approved request, revoked early by an
 * administrator or their holder, over on their own at their end. None is ever deleted.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Grants {

    static final String COLUMNS = """
            id, subject_kind, subject_name, actions, team_slug, services, environments, starts_at, ends_at, reason,
            request_id, created_by_name, created_at, revoked_at, revoked_by_name, revoke_reason""";

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AccessScopes scopes;
    private final UserDirectory users;
    private final TeamCatalog teams;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final AccessProperties properties;
    private final Clock clock;

    /** An administrator grants access directly, to a user, a service account or a team. */
    public GrantView create(GrantRequest request) {
        access.require(Permission.ACCESS_GRANT, null, GrantCreated.NAME, "grant", null);
        var errors = new ArrayList<FieldError>(validator.errors(request));
        Subject subject = subject(request, errors);
        Actor actor = access.current();
        if (subject != null && (actor.userId() != null && actor.userId().equals(subject.userId())
                || subject.team() != null && actor.isMemberOf(subject.team()))) {
            access.denied(GrantCreated.NAME, "grant", null, "an administrator may not grant production access to themselves");
            throw new AccessDeniedException("You may not grant production access to yourself (or to a team you belong "
                    + "to): request it, and another approver decides. That keeps the two-person rule for everyone.");
        }
        Instant now = clock.instant();
        Instant starts = request.startsAt() == null ? now : request.startsAt();
        Duration limit = subject != null && subject.kind().equals("SERVICE_ACCOUNT") ? properties.maxStandingDuration()
                : properties.maxDuration();
        Instant ends = request.endsAt();
        if (request.duration() != null && request.endsAt() == null) {
            if (request.duration().compareTo(limit) > 0 || request.duration().isNegative()) {
                errors.add(new FieldError("duration", "must be longer than 0 and at most " + Durations.describe(limit)));
            } else {
                try {
                    ends = starts.plus(request.duration());
                } catch (DateTimeException | ArithmeticException e) {
                    errors.add(new FieldError("startsAt", "is too far in the future"));
                }
            }
        }
        if (errors.stream().anyMatch(e -> "duration".equals(e.field()))) {
            // already said
        } else if (request.endsAt() != null && request.duration() != null) {
            errors.add(new FieldError("duration", "give either endsAt or duration, not both"));
        } else if (ends == null) {
            errors.add(new FieldError("duration", "is required (or endsAt), e.g. PT8H"));
        } else if (!ends.isAfter(starts)) {
            errors.add(new FieldError("endsAt", "must be after the start"));
        } else if (!ends.isAfter(now)) {
            errors.add(new FieldError("endsAt", "is in the past; a grant must end in the future"));
        } else if (Duration.between(starts, ends).compareTo(limit) > 0) {
            errors.add(new FieldError(request.endsAt() != null ? "endsAt" : "duration", "makes the grant longer than "
                    + Durations.describe(limit) + ", the longest allowed for " + (subject != null
                    && subject.kind().equals("SERVICE_ACCOUNT") ? "a service account" : "people and teams")));
        }
        AccessScope scope = scopes.resolve(request.actions(), request.team(), request.services(),
                request.environments(), errors); // throws if anything above went into errors
        long id = insert(Objects.requireNonNull(subject), scope, starts, Objects.requireNonNull(ends), request.reason().strip(),
                null, access.current().username());
        GrantView created = find(id);
        events.publishEvent(new GrantCreated(created));
        return created;
    }

    /** The grant of an approved request, to its requester, starting now. */
    GrantView createForRequest(AccessRequestView request, long requesterId, AccessScope scope) {
        Instant now = clock.instant();
        var subject = new Subject(requesterId, null, request.requester(), "PERSON");
        long id = insert(subject, scope, now, now.plus(request.duration()), request.reason(), request.id(),
                access.current().username());
        GrantView created = find(id);
        events.publishEvent(new GrantCreated(created));
        return created;
    }

    /** Ends a grant early: administrators may revoke any, holders their own. */
    public GrantView revoke(long id, @Nullable String reason) {
        GrantView grant = find(id);
        Actor actor = access.current();
        boolean own = grant.subjectKind().equals("PERSON") && grant.subject().equals(actor.username());
        if (own) {
            access.require(Permission.ACCESS_REQUEST, grant.team(), GrantRevoked.NAME, "grant", String.valueOf(id));
        } else {
            access.require(Permission.ACCESS_GRANT, grant.team(), GrantRevoked.NAME, "grant", String.valueOf(id));
        }
        if (grant.status() == GrantView.Status.REVOKED || grant.status() == GrantView.Status.EXPIRED) {
            events.publishEvent(new AccessChangeFailed(GrantRevoked.NAME, "grant", String.valueOf(id),
                    "it was already " + grant.status().name().toLowerCase()));
            throw new ConflictException("Grant " + id + " has already " + (grant.status() == GrantView.Status.REVOKED
                    ? "been revoked" : "expired") + "; there is nothing to revoke.");
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > 1000) {
            throw new InvalidInputException("reason", "must be at most 1000 characters");
        }
        int changed = jdbc.sql("update access_grant set revoked_at = ?, revoked_by_name = ?, revoke_reason = ? "
                        + "where id = ? and revoked_at is null")
                .params(Timestamp.from(clock.instant()), actor.username(), why, id).update();
        if (changed == 0) {
            throw new ConflictException("Grant " + id + " was revoked by someone else a moment ago.");
        }
        GrantView revoked = find(id);
        events.publishEvent(new GrantRevoked(revoked));
        return revoked;
    }

    /** One grant, to those who may read it ({@link AccessReaders}); to anyone else it does not exist. */
    @Transactional(readOnly = true)
    public GrantView get(long id) {
        access.require(Permission.CATALOG_READ, null, "access-grant.read", "grant", String.valueOf(id));
        return jdbc.sql("select " + COLUMNS + " from access_grant where id = :id and "
                        + AccessReaders.visible(AccessReaders.GRANT_HOLDER))
                .params(AccessReaders.params(access.current())).param("id", id)
                .query((rs, i) -> read(rs)).optional()
                .orElseGet(() -> {
                    find(id); // one that does not exist is a plain 404, with nothing to record
                    access.denied("access-grant.read", "grant", String.valueOf(id),
                            "neither its holder, a maintainer of its team nor an administrator");
                    throw new NotFoundException("grant", String.valueOf(id));
                });
    }

    /** The grants the current actor may read ({@link AccessReaders}), narrowed by the filter. */
    @Transactional(readOnly = true)
    public Page<GrantView> list(GrantFilter filter, Pageable page) {
        access.require(Permission.CATALOG_READ);
        var params = new HashMap<String, Object>(AccessReaders.params(access.current()));
        params.put("subject", filter.subject());
        params.put("service", filter.service());
        params.put("environment", filter.environment());
        params.put("status", filter.status() == null ? null : filter.status().name());
        params.put("now", Timestamp.from(clock.instant()));
        String where = """
                where (:subject::text is null or subject_name = :subject)
                  and (:service::text is null or :service = any(services)
                       or (services is null and team_slug = (select team_slug from catalog_services where slug = :service)))
                  and (:environment::text is null or :environment = any(environments))
                  and (:status::text is null
                       or (:status = 'REVOKED' and revoked_at is not null)
                       or (:status = 'EXPIRED' and revoked_at is null and ends_at <= :now)
                       or (:status = 'ACTIVE' and revoked_at is null and starts_at <= :now and ends_at > :now)
                       or (:status = 'SCHEDULED' and revoked_at is null and starts_at > :now))
                  and """ + AccessReaders.visible(AccessReaders.GRANT_HOLDER);
        long total = jdbc.sql("select count(*) from access_grant " + where).params(params).query(Long.class).single();
        List<GrantView> items = jdbc.sql("select " + COLUMNS + " from access_grant " + where
                        + " order by id desc limit :limit offset :offset")
                .params(params).param("limit", page.getPageSize()).param("offset", page.getOffset())
                .query((rs, i) -> read(rs)).list();
        return new PageImpl<>(items, page, total);
    }

    /** The current actor's grants that have not ended: their own and their teams'. */
    @Transactional(readOnly = true)
    public List<GrantView> mine() {
        access.require(Permission.CATALOG_READ);
        Actor actor = access.current();
        return jdbc.sql("select " + COLUMNS + " from access_grant where revoked_at is null and ends_at > ? "
                        + "and (subject_user_id = ? or subject_team in (select team_slug from identity_team_memberships where user_id = ?)) "
                        + "order by ends_at")
                .params(Timestamp.from(clock.instant()), actor.userId(), actor.userId())
                .query((rs, i) -> read(rs)).list();
    }

    /**
     * Grants that have not ended and cover this service, e.g. CI's standing grant, for the service page. Everyone who
     * reads the catalog sees who holds access; the reason only those who may read the grant ({@link AccessReaders}).
     */
    @Transactional(readOnly = true)
    public List<GrantView> covering(String service, String team) {
        access.require(Permission.CATALOG_READ);
        String columns = COLUMNS.replace("reason,", "case when " + AccessReaders.visible(AccessReaders.GRANT_HOLDER)
                + " then reason end as reason,");
        return jdbc.sql("select " + columns + " from access_grant where revoked_at is null and ends_at > :now "
                        + "and team_slug = :team and (services is null or :service = any(services)) "
                        + "order by subject_kind desc, ends_at")
                .params(AccessReaders.params(access.current())).param("now", Timestamp.from(clock.instant()))
                .param("team", team).param("service", service)
                .query((rs, i) -> read(rs)).list();
    }

    /** The id of a grant that lets this user do this at that moment, if any. */
    Optional<Long> covering(@Nullable long userId, GrantAction action, String team, String service, String environment,
            Instant at) {
        return jdbc.sql("""
                select id from access_grant
                where revoked_at is null and starts_at <= ? and ends_at > ?
                  and ? = any(actions) and ? = any(environments) and team_slug = ?
                  and (services is null or ? = any(services))
                  and (subject_user_id = ? or subject_team in (select team_slug from identity_team_memberships where user_id = ?))
                order by ends_at desc limit 1""")
                .params(Timestamp.from(at), Timestamp.from(at), action.id(), environment, team, service, userId, userId)
                .query(Long.class).optional();
    }

    /** Records and announces the end of grants that ran out; each once, also with several Slipway processes. */
    int noteExpired() {
        Instant now = clock.instant();
        List<GrantView> ended = jdbc.sql("select " + COLUMNS + " from access_grant where expiry_noted_at is null "
                        + "and revoked_at is null and ends_at <= ? order by id limit 100 for update skip locked")
                .param(Timestamp.from(now)).query((rs, i) -> read(rs)).list();
        for (GrantView grant : ended) {
            jdbc.sql("update access_grant set expiry_noted_at = ? where id = ?").params(Timestamp.from(now), grant.id())
                    .update();
            events.publishEvent(new GrantExpired(grant));
        }
        return ended.size();
    }

    GrantView find(long id) {
        return jdbc.sql("select " + COLUMNS + " from access_grant where id = ?").param(id)
                .query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("grant", String.valueOf(id)));
    }

    private record Subject(@Nullable Long userId, @Nullable String team, String name, String kind) {
    }

    private @Nullable Subject subject(GrantRequest request, List<FieldError> errors) {
        boolean user = !AccessScopes.blank(request.grantee());
        boolean team = !AccessScopes.blank(request.granteeTeam());
        if (user == team) {
            errors.add(new FieldError("grantee", "name either a user or service account (grantee) or a team "
                    + "(granteeTeam)"));
            return null;
        }
        // exactly one of the two is filled in
        String name = Objects.requireNonNull(user ? request.grantee() : request.granteeTeam()).strip();
        try {
            if (user) {
                UserView view = users.ref(name);
                if (!view.enabled()) {
                    errors.add(new FieldError("grantee", "'" + view.username() + "' is disabled"));
                }
                return new Subject(view.id(), null, view.username(), view.kind().name());
            }
            String slug = teams.get(name).slug();
            return new Subject(null, slug, slug, "TEAM");
        } catch (NotFoundException e) {
            errors.add(user ? new FieldError("grantee", "there is no user '" + name + "'")
                    : new FieldError("granteeTeam", "there is no team '" + name + "'"));
            return null;
        }
    }

    private long insert(Subject subject, AccessScope scope, Instant starts, Instant ends, String reason, @Nullable Long requestId,
            String createdBy) {
        return jdbc.sql("""
                insert into access_grant (subject_user_id, subject_team, subject_name, subject_kind, actions, team_slug,
                    services, environments, starts_at, ends_at, reason, request_id, created_by_name, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(subject.userId(), subject.team(), subject.name(), subject.kind(), scope.actionIds(), scope.team(),
                        scope.services() == null ? null : scope.services().toArray(String[]::new),
                        scope.environmentSlugs().toArray(String[]::new), Timestamp.from(starts), Timestamp.from(ends),
                        reason, requestId, createdBy, Timestamp.from(clock.instant()))
                .query(Long.class).single();
    }

    private GrantView read(ResultSet rs) throws SQLException {
        Instant starts = rs.getTimestamp("starts_at").toInstant();
        Instant ends = rs.getTimestamp("ends_at").toInstant();
        Instant revoked = instant(rs, "revoked_at");
        Instant now = clock.instant();
        GrantView.Status status = revoked != null ? GrantView.Status.REVOKED
                : !ends.isAfter(now) ? GrantView.Status.EXPIRED
                : starts.isAfter(now) ? GrantView.Status.SCHEDULED : GrantView.Status.ACTIVE;
        long left = status == GrantView.Status.ACTIVE || status == GrantView.Status.SCHEDULED
                ? Duration.between(now, ends).toSeconds() : 0;
        return new GrantView(rs.getLong("id"), rs.getString("subject_kind"), rs.getString("subject_name"),
                strings(rs.getArray("actions")).stream().map(GrantAction::of).toList(), rs.getString("team_slug"),
                rs.getArray("services") == null ? null : strings(rs.getArray("services")),
                strings(rs.getArray("environments")), starts, ends, rs.getString("reason"),
                (Long) rs.getObject("request_id"), rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant(), revoked, rs.getString("revoked_by_name"),
                rs.getString("revoke_reason"), status, left);
    }

    static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
