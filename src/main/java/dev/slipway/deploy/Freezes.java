package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Freeze windows: while one is on, deployments to its environment are refused unless an admin breaks the glass. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Freezes {

    private final JdbcClient jdbc;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public FreezeView create(String environment, FreezeRequest request) {
        EnvironmentRef env = environments.ref(environment);
        access.require(Permission.ENVIRONMENT_WRITE, null, FreezeCreated.NAME, "environment", environment);
        var errors = new ArrayList<FieldError>();
        try {
            validator.check(request);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        boolean weekly = request.weekday() != null;
        LocalTime start = null;
        LocalTime end = null;
        if (weekly) {
            if (request.weekday() < 1 || request.weekday() > 7) {
                errors.add(new FieldError("weekday", "must be 1 (Monday) to 7 (Sunday)"));
            }
            start = time("startTime", request.startTime(), errors);
            end = time("endTime", request.endTime(), errors);
            if (start != null && end != null && !end.isAfter(start)) {
                errors.add(new FieldError("endTime", "must be after the start time"));
            }
            try {
                ZoneId.of(request.zone() == null ? "" : request.zone());
            } catch (DateTimeException e) {
                errors.add(new FieldError("zone", "must be a time zone such as Europe/Berlin or UTC"));
            }
        } else if (request.from() == null || request.to() == null) {
            errors.add(new FieldError("from", "give from and to, or a weekday with start and end times"));
        } else if (!request.to().isAfter(request.from())) {
            errors.add(new FieldError("to", "must be after from"));
        }
        RequestValidator.require(errors);
        long id = jdbc.sql("""
                insert into freeze_window (environment_id, starts_at, ends_at, weekday, start_time, end_time, zone,
                    reason, created_by_name, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(env.id(), weekly ? null : Timestamp.from(request.from()),
                        weekly ? null : Timestamp.from(request.to()), weekly ? request.weekday() : null,
                        start == null ? null : Time.valueOf(start), end == null ? null : Time.valueOf(end),
                        weekly ? request.zone() : null, request.reason().strip(), access.current().username(),
                        Timestamp.from(clock.instant()))
                .query(Long.class).single();
        FreezeView created = get(id);
        events.publishEvent(new FreezeCreated(environment, created));
        return created;
    }

    public void delete(String environment, long id) {
        access.require(Permission.ENVIRONMENT_WRITE, null, FreezeDeleted.NAME, "environment", environment);
        int removed = jdbc.sql("""
                delete from freeze_window where id = ? and environment_id = (select id from catalog_environments where slug = ?)""")
                .params(id, environment).update();
        if (removed == 0) {
            throw new NotFoundException("freeze window", String.valueOf(id));
        }
        events.publishEvent(new FreezeDeleted(environment, id));
    }

    @Transactional(readOnly = true)
    public List<FreezeView> list(String environment) {
        access.require(Permission.CATALOG_READ);
        environments.ref(environment);
        return jdbc.sql(select() + " where e.slug = ? order by f.id").param(environment).query((rs, i) -> read(rs)).list();
    }

    /** The freeze on for this environment now, if any. */
    @Transactional(readOnly = true)
    public Optional<FreezeView> activeIn(String environment) {
        Instant now = clock.instant();
        return jdbc.sql(select() + " where e.slug = ? order by f.id").param(environment).query((rs, i) -> read(rs))
                .list().stream().filter(f -> isOn(f, now)).findFirst();
    }

    /** Removes the freeze windows of an environment the catalog is deleting. */
    void removeAll(long environmentId) {
        jdbc.sql("delete from freeze_window where environment_id = ?").param(environmentId).update();
    }

    static boolean isOn(FreezeView freeze, Instant now) {
        if (freeze.weekday() == null) {
            return !now.isBefore(freeze.from()) && now.isBefore(freeze.to());
        }
        ZonedDateTime local = now.atZone(ZoneId.of(freeze.zone()));
        LocalTime time = local.toLocalTime();
        return local.getDayOfWeek().getValue() == freeze.weekday()
                && !time.isBefore(LocalTime.parse(freeze.startTime())) && time.isBefore(LocalTime.parse(freeze.endTime()));
    }

    private FreezeView get(long id) {
        return jdbc.sql(select() + " where f.id = ?").param(id).query((rs, i) -> read(rs)).single();
    }

    private static String select() {
        return "select f.*, e.slug as environment from freeze_window f join catalog_environments e on e.id = f.environment_id";
    }

    private static @Nullable LocalTime time(String field, String value, List<FieldError> errors) {
        try {
            return LocalTime.parse(value == null ? "" : value.strip());
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "must be a time such as 16:00"));
            return null;
        }
    }

    private static FreezeView read(ResultSet rs) throws SQLException {
        Timestamp from = rs.getTimestamp("starts_at");
        Timestamp to = rs.getTimestamp("ends_at");
        Time start = rs.getTime("start_time");
        Time end = rs.getTime("end_time");
        return new FreezeView(rs.getLong("id"), rs.getString("environment"), from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), (Integer) rs.getObject("weekday"),
                start == null ? null : start.toLocalTime().toString(), end == null ? null : end.toLocalTime().toString(),
                rs.getString("zone"), rs.getString("reason"), rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
