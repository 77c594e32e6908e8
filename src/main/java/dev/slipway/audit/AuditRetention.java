package dev.slipway.audit;

import dev.slipway.shared.ScheduledJobs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With {@code slipway.audit.retention} set (e.g. 400d), removes events older than that once an hour
 * ({@code slipway.audit.retention-check-interval}), as a whole prefix of the chain through the database's purge
 * function, which records the checkpoint the remaining chain verifies from. Unset, nothing is ever removed.
 */
@Component
@RequiredArgsConstructor
class AuditRetention implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditProperties properties;
    private final TransactionTemplate transaction;
    private final ScheduledJobs jobs;

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("audit-retention", this::purge,
                properties.retentionCheckInterval(),
                Duration.ofMinutes(5)));
    }

    public void purge() {
        if (!properties.keepsForever()) {
            transaction.executeWithoutResult(status -> purgeOlderThan(properties.retention()));
        }
    }

    private void purgeOlderThan(Duration retention) {
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
