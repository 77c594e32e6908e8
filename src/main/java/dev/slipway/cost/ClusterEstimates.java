package dev.slipway.cost;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ScheduledJobs;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The estimated cluster cost of what Slipway deploys: each day, for every service running in an
 * environment, CPU and memory requests × replicas × the cluster's hourly rates × 24. Kept apart as
 * "estimated" and never added to billed cost. The only writer of {@code cost_estimate_daily}; the
 * day's row is rewritten each hour, so it follows scaling and new deployments.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ClusterEstimates implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ClusterEstimates.class);
    private static final BigDecimal HOURS_A_DAY = BigDecimal.valueOf(24);

    private final JdbcClient jdbc;
    private final Optional<RunningWorkloads> workloads;
    private final CostProperties properties;
    private final AccessPolicy access;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ScheduledJobs jobs;

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("cost-cluster-estimates", this::scheduledEstimate,
                properties.estimateInterval(),
                Duration.ofSeconds(20)));
    }

    void scheduledEstimate() {
        try {
            // Called on this object, not through its proxy: the transaction is begun here.
            transaction.executeWithoutResult(status -> estimate(LocalDate.now(clock.withZone(ZoneOffset.UTC))));
        } catch (RuntimeException e) {
            log.warn("Estimating cluster costs failed; the next run tries again", e);
        }
    }

    /** Writes the estimate of {@code day} from what runs now; returns the rows written. */
    @Transactional
    int estimate(LocalDate day) {
        List<RunningWorkloads.Workload> running = workloads.map(RunningWorkloads::running).orElse(List.of());
        jdbc.sql("delete from cost_estimate_daily where day = ?").param(day).update();
        for (RunningWorkloads.Workload w : running) {
            ClusterRate rate = properties.rateOf(w.cluster());
            BigDecimal perHour = w.cpuCores().multiply(rate.cpuHour()).add(w.memoryGib().multiply(rate.gibHour()))
                    .multiply(BigDecimal.valueOf(w.replicas()));
            jdbc.sql("""
                    insert into cost_estimate_daily (day, team, service, environment, cluster, currency, replicas,
                        cpu_cores, memory_gib, amount)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(day, w.team(), w.service(), w.environment(), w.cluster(), rate.currency(), w.replicas(),
                            w.cpuCores(), w.memoryGib(), perHour.multiply(HOURS_A_DAY))
                    .update();
        }
        return running.size();
    }

    /** The estimates of [from, to), of one team or of everything (finance and administrators). */
    @Transactional(readOnly = true)
    public List<ClusterEstimateView> list(LocalDate from, LocalDate to, @Nullable String team) {
        if (team != null) {
            access.require(Permission.COSTS_READ, team, "cost.read", "team", team);
        } else {
            access.require(Permission.COSTS_READ, null, "cost.read", "cost", null);
        }
        return jdbc.sql("""
                select * from cost_estimate_daily where day >= ? and day < ? and (?::text is null or team = ?)
                order by day, team, service, environment""")
                .params(from, to, team, team)
                .query((rs, i) -> new ClusterEstimateView(rs.getObject("day", LocalDate.class), rs.getString("team"),
                        rs.getString("service"), rs.getString("environment"), rs.getString("cluster"),
                        rs.getString("currency"), rs.getInt("replicas"), rs.getBigDecimal("cpu_cores"),
                        rs.getBigDecimal("memory_gib"), rs.getBigDecimal("amount")))
                .list();
    }
}
