package dev.slipway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * With {@code slipway.audit.retention} set (e.g. 400d), removes events older than that once an
 * hour, as a whole prefix of the chain through the database's purge function, which records the
 * checkpoint the remaining chain verifies from. Unset, nothing is ever removed.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;

    AuditRetention(JdbcClient jdbc, Clock clock, @Value("${slipway.audit.retention:}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    public void purge() {
        if (retention == null || retention.isZero() || retention.isNegative()) {
            return;
        }
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
        jdbc.sql("select pg_advisory_xact_lock(?)").param(0x534c4950_41554454L).query(rs -> { });
        Long last = jdbc.sql("select max(seq) from audit_event where occurred_at < ?").param(cutoff)
                .query(Long.class).single();
        if (last == null) {
            return;
        }
        Long removed = jdbc.sql("select audit_purge_through(?, ?)").params(last, Timestamp.from(clock.instant()))
                .query(Long.class).single();
        log.info("Removed {} audit events older than {} (through event {})", removed, retention, last);
    }
}
