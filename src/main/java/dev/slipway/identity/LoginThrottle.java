package dev.slipway.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after 5 failed sign-ins for one username, or 20 from one address, within 15 minutes
 * (by default; {@link IdentityProperties.SignInThrottle}), further attempts are refused for 15 minutes. Failures are
 * kept in PostgreSQL, so every Slipway replica sees the same count, and forgotten once they no longer count
 * ({@link LoginFailureRetention}).
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdentityProperties.SignInThrottle limits;

    @Autowired
    LoginThrottle(JdbcClient jdbc, Clock clock, IdentityProperties properties) {
        this(jdbc, clock, properties.signInThrottle());
    }

    LoginThrottle(JdbcClient jdbc, Clock clock, IdentityProperties.SignInThrottle limits) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.limits = limits;
    }

    /** Until when sign-ins for this username or from this address are refused, if they are. */
    Optional<Instant> lockedUntil(String username, String address) {
        Instant now = clock.instant();
        Optional<Instant> byName = lockEnd("username", username, limits.maxPerUsername(), now);
        Optional<Instant> byAddress = lockEnd("address", address, limits.maxPerAddress(), now);
        return byName.isPresent() && byAddress.isPresent()
                ? Optional.of(byName.get().isAfter(byAddress.get()) ? byName.get() : byAddress.get())
                : byName.or(() -> byAddress);
    }

    void recordFailure(String username, String address) {
        jdbc.sql("insert into login_failure (username, address, failed_at) values (?, ?, ?)")
                .params(truncate(username), truncate(address), Timestamp.from(clock.instant()))
                .update();
    }

    void clearFailures(String username) {
        jdbc.sql("delete from login_failure where username = ?").param(truncate(username)).update();
    }

    /** Removes the failures older than two windows, which no count looks at any more; returns how many. */
    int forgetStaleFailures() {
        return jdbc.sql("delete from login_failure where failed_at < ?")
                .param(Timestamp.from(clock.instant().minus(countedSpan())))
                .update();
    }

    private Duration countedSpan() {
        return limits.window().multipliedBy(2);
    }

    // The lock starts at the failure that brought the count within one window to the limit.
    private Optional<Instant> lockEnd(String column, String value, int limit, Instant now) {
        Timestamp end = jdbc.sql("""
                select max(failed_at) from (
                  select failed_at, count(*) over (order by failed_at
                           range between make_interval(secs => ?) preceding and current row) as failures
                  from login_failure where %s = ? and failed_at > ?) f
                where failures >= ?""".formatted(column))
                .params(limits.window().toSeconds(), truncate(value),
                        Timestamp.from(now.minus(countedSpan())), limit)
                .query(Timestamp.class)
                .optional().orElse(null);
        return Optional.ofNullable(end).map(t -> t.toInstant().plus(limits.window())).filter(now::isBefore);
    }

    private static String truncate(String value) {
        String v = value == null ? "" : value;
        return v.length() > 64 ? v.substring(0, 64) : v;
    }
}
