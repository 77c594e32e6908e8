package dev.slipway.cost;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes every rollup after an allocation rule changed, in the background, one source month
 * per transaction (so reports stay readable and a month is never half done), with its progress in
 * {@code cost_recomputation}, which only this class writes.
 */
@Component
public class Recomputations {

    private static final Logger log = LoggerFactory.getLogger(Recomputations.class);

    private final JdbcClient jdbc;
    private final CostRollups rollups;
    private final AccessPolicy access;
    private final ThreadPoolTaskExecutor worker;
    private final TransactionTemplate transaction;
    private final CostWriteLock writeLock;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    /** The recomputation waiting to start, if any: later rule changes join it instead of queueing more. */
    private @Nullable Long queued;

    Recomputations(JdbcClient jdbc, CostRollups rollups, AccessPolicy access, PlatformTransactionManager transactions,
            CostWriteLock writeLock, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.access = access;
        this.writeLock = writeLock;
        // Its own transaction: a rule change starts a recomputation after its transaction has ended.
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        // One at a time: each recomputes everything with the rules in force when it starts.
        this.worker = new ThreadPoolTaskExecutor();
        this.worker.setCorePoolSize(1);
        this.worker.setMaxPoolSize(1);
        this.worker.setThreadNamePrefix("cost-recompute-");
        this.worker.setWaitForTasksToCompleteOnShutdown(false);
        this.worker.initialize();
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }

    /** Starts a recomputation of all rollups (finance and administrators). */
    public RecomputationView start() {
        access.require(Permission.COSTS_WRITE, null, RecomputationRequested.NAME, "cost-allocation", null);
        RecomputationView started = begin("requested by " + access.current().username());
        events.publishEvent(new RecomputationRequested(started.id()));
        return started;
    }

    @TransactionalEventListener
    void onRulesChanged(AllocationChanged changed) {
        begin(changed.reason());
    }

    public RecomputationView get(long id) {
        access.require(Permission.COSTS_READ, null, "cost-allocation.read", "cost-recomputation", String.valueOf(id));
        return find(id);
    }

    /** The newest recomputation, if any, for the allocation page's progress bar. */
    public @Nullable RecomputationView latest() {
        access.require(Permission.COSTS_READ);
        return jdbc.sql("select * from cost_recomputation order by id desc limit 1").query((rs, i) -> read(rs))
                .optional().orElse(null);
    }

    private synchronized RecomputationView begin(String reason) {
        if (queued != null) {
            return find(queued);
        }
        Actor actor = access.signedIn();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = transaction.execute(status -> jdbc.sql("""
                insert into cost_recomputation (state, reason, started_by_name, started_at)
                values ('RUNNING', ?, ?, ?) returning id""")
                .params(reason, actor == null ? "system" : actor.username(), now)
                .query(Long.class).single());
        queued = id;
        worker.execute(() -> run(id));
        return find(id);
    }

    private void run(long id) {
        synchronized (this) {
            queued = null;
        }
        try {
            List<LocalDate> months = jdbc.sql("""
                    select distinct date_trunc('month', charge_period_start at time zone 'UTC')::date as month
                    from cost_line_item order by month""").query(LocalDate.class).list();
            jdbc.sql("update cost_recomputation set months_total = ?, rows_total = (select count(*) from cost_line_item) "
                    + "where id = ?").params(months.size(), id).update();
            for (LocalDate month : months) {
                writeLock.inTransaction(status -> {
                    rollups.recompute(Set.of(month));
                    jdbc.sql("""
                            update cost_recomputation set months_done = months_done + 1,
                                rows_done = rows_done + (select count(*) from cost_line_item
                                    where charge_period_start >= (?::date)::timestamp at time zone 'UTC'
                                      and charge_period_start < (?::date)::timestamp at time zone 'UTC')
                            where id = ?""").params(month, month.plusMonths(1), id).update();
                    return true;
                }, () -> { });
            }
            finish(id, "DONE", null);
        } catch (RuntimeException e) {
            log.warn("Recomputing the cost rollups failed", e);
            finish(id, "FAILED", "The recomputation stopped: " + e.getMessage() + ". Start it again from the allocation page.");
        }
    }

    private void finish(long id, String state, @Nullable String error) {
        jdbc.sql("update cost_recomputation set state = ?, error = ?, finished_at = ?, rows_done = case when ? = 'DONE' then rows_total else rows_done end where id = ?")
                .params(state, error == null ? null : error.substring(0, Math.min(error.length(), 2000)),
                        clock.instant().atOffset(ZoneOffset.UTC), state, id).update();
    }

    private RecomputationView find(long id) {
        return jdbc.sql("select * from cost_recomputation where id = ?").param(id).query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("recomputation", String.valueOf(id)));
    }

    private static RecomputationView read(ResultSet rs) throws SQLException {
        var finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new RecomputationView(rs.getLong("id"), rs.getString("state"), rs.getString("reason"),
                rs.getLong("rows_total"), rs.getLong("rows_done"), rs.getString("error"), rs.getString("started_by_name"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(), finished == null ? null : finished.toInstant());
    }
}
