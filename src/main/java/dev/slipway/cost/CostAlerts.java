package dev.slipway.cost;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ScheduledJobs;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Budget thresholds and spend anomalies. A scheduled check raises each alert once (the table's
 * unique key decides, also with several replicas): in {@code cost_alert}, the audit trail and the
 * webhooks, in one transaction. The only writer of {@code cost_alert}.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class CostAlerts implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CostAlerts.class);
    /** Cost data arrives a day or more late: days this far back are still checked for anomalies. */
    static final int ANOMALY_LOOKBACK_DAYS = 7;

    private final JdbcClient jdbc;
    private final Budgets budgets;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final CostProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ScheduledJobs jobs;

    /** Alerts, newest first: all for finance and administrators, their teams' for developers. */
    public List<CostAlertView> recent(int limit) {
        boolean all = access.can(Permission.COSTS_READ);
        if (!all && !access.canInAnyTeam(Permission.COSTS_READ)) {
            access.require(Permission.COSTS_READ, null, "cost-alert.list", "cost-alert", null);
        }
        return jdbc.sql("select * from cost_alert order by raised_at desc, id desc limit 500").query((rs, i) -> read(rs))
                .list().stream().filter(a -> all || a.team() != null && access.can(Permission.COSTS_READ, a.team()))
                .limit(limit).toList();
    }

    /** The alerts of one team (its budgets, and anomalies of it and its services), newest first. */
    public List<CostAlertView> forTeam(String team, int limit) {
        access.require(Permission.COSTS_READ, team, "cost-alert.list", "team", team);
        return jdbc.sql("select * from cost_alert where team = ? order by raised_at desc, id desc limit ?")
                .params(team, limit).query((rs, i) -> read(rs)).list();
    }

    /** Checks budgets and anomalies now rather than at the next scheduled check (finance and administrators). */
    public int checkNow() {
        access.require(Permission.COSTS_WRITE, null, CostAlertsChecked.NAME, "cost-alert", null);
        int raised = check(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        events.publishEvent(new CostAlertsChecked(raised));
        return raised;
    }

    /** A new or changed budget that is already past a threshold alerts at once, not at the next check. */
    @TransactionalEventListener
    @Transactional(propagation = Propagation.REQUIRES_NEW) // the budget's own transaction has ended
    void onBudgetSet(BudgetSet set) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        access.asSystem(() -> budgets.standings(today).stream().filter(b -> b.id() == set.budgetId())
                .forEach(this::checkBudget));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("cost-alerts", this::scheduledCheck, properties.alertInterval(),
                Duration.ofSeconds(30)));
    }

    void scheduledCheck() {
        try {
            access.asSystem(() -> check(LocalDate.now(clock.withZone(ZoneOffset.UTC))));
        } catch (RuntimeException e) {
            log.warn("Checking cost budgets and anomalies failed; the next check tries again", e);
        }
    }

    /** Checks budgets for the month of {@code today} and anomalies of the days before it; returns new alerts. */
    int check(LocalDate today) {
        int raised = 0;
        for (BudgetView budget : budgets.standings(today)) {
            raised += checkBudget(budget);
        }
        raised += checkAnomalies(today, "TEAM", "team");
        raised += checkAnomalies(today, "SERVICE", "service");
        return raised;
    }

    private int checkBudget(BudgetView budget) {
        int raised = 0;
        String team = budget.scopeType().equals("TEAM") ? budget.scope() : null;
        String scope = budget.scopeType().toLowerCase(Locale.ROOT) + " " + budget.scope();
        for (int threshold : budget.actualThresholds()) {
            if (budget.actualPercent().compareTo(BigDecimal.valueOf(threshold)) >= 0) {
                String message = "The " + scope + " has spent " + money(budget.actual(), budget.currency()) + " in "
                        + budget.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                        + ": " + budget.actualPercent().toPlainString() + " % of its budget of "
                        + money(budget.monthlyAmount(), budget.currency()) + " (alert at " + threshold + " %).";
                raised += raise("BUDGET_ACTUAL", budget.id(), budget.scopeType(), budget.scope(), team, budget.month(),
                        threshold, budget.currency(), budget.actual(), budget.monthlyAmount(), message);
            }
        }
        for (int threshold : budget.forecastThresholds()) {
            if (budget.forecastPercent().compareTo(BigDecimal.valueOf(threshold)) >= 0) {
                String message = "The " + scope + " is on course to spend " + money(budget.forecast(), budget.currency())
                        + " this month: " + budget.forecastPercent().toPlainString() + " % of its budget of "
                        + money(budget.monthlyAmount(), budget.currency()) + " (alert at " + threshold + " % forecast).";
                raised += raise("BUDGET_FORECAST", budget.id(), budget.scopeType(), budget.scope(), team, budget.month(),
                        threshold, budget.currency(), budget.forecast(), budget.monthlyAmount(), message);
            }
        }
        return raised;
    }

    private int checkAnomalies(LocalDate today, String scopeType, String column) {
        int baselineDays = properties.anomalyBaselineDays();
        LocalDate firstChecked = today.minusDays(ANOMALY_LOOKBACK_DAYS);
        LocalDate from = firstChecked.minusDays(baselineDays);
        var spend = new HashMap<String, Map<LocalDate, BigDecimal>>();
        var teams = new HashMap<String, String>();
        jdbc.sql("""
                select %1$s as scope, min(team) as team, currency, day, sum(billed_cost) as billed
                from cost_rollup_daily
                where day >= ? and day < ? and %1$s <> '' and allocation <> 'UNALLOCATED'
                group by %1$s, currency, day""".formatted(column))
                .params(from, today)
                .query((ResultSet rs) -> {
                    String key = rs.getString("scope") + '\u0000' + rs.getString("currency");
                    spend.computeIfAbsent(key, k -> new HashMap<>())
                            .put(rs.getObject("day", LocalDate.class), rs.getBigDecimal("billed"));
                    teams.put(key, rs.getString("team"));
                });
        var rule = new AnomalyRule(properties.anomalyDeviations(), properties.anomalyFloor());
        int raised = 0;
        for (var entry : spend.entrySet()) {
            String[] parts = entry.getKey().split("\u0000");
            Map<LocalDate, BigDecimal> days = entry.getValue();
            for (LocalDate day = firstChecked; day.isBefore(today); day = day.plusDays(1)) {
                BigDecimal value = days.getOrDefault(day, BigDecimal.ZERO);
                var baseline = new ArrayList<BigDecimal>();
                for (LocalDate d = day.minusDays(baselineDays); d.isBefore(day); d = d.plusDays(1)) {
                    baseline.add(days.getOrDefault(d, BigDecimal.ZERO));
                }
                if (value.signum() > 0 && rule.isAnomalous(value, baseline)) {
                    BigDecimal median = AnomalyRule.median(baseline);
                    String message = "The " + scopeType.toLowerCase(Locale.ROOT) + " " + parts[0] + " spent "
                            + money(value, parts[1]) + " on " + day + ", against a usual "
                            + money(median, parts[1]) + " a day (median of the " + baselineDays + " days before).";
                    raised += raise("ANOMALY", null, scopeType, parts[0], teams.get(entry.getKey()), day, null,
                            parts[1], value, median, message);
                }
            }
        }
        return raised;
    }

    private int raise(String kind, @Nullable Long budgetId, String scopeType, String scope, @Nullable String team, LocalDate period,
            @Nullable Integer threshold, String currency, BigDecimal amount, BigDecimal reference, String message) {
        return transaction.execute(status -> {
            Instant raisedAt = clock.instant();
            Optional<Long> id = jdbc.sql("""
                    insert into cost_alert (kind, budget_id, scope_type, scope, team, period, threshold, currency, amount,
                        reference, message, raised_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict on constraint cost_alert_once do nothing returning id""")
                    .params(kind, budgetId, scopeType, scope, team, period, threshold, currency, amount, reference, message,
                            raisedAt.atOffset(ZoneOffset.UTC))
                    .query(Long.class).optional();
            if (id.isEmpty()) {
                return 0;
            }
            events.publishEvent(new CostAlertRaised(new CostAlertView(id.get(), kind, budgetId, scopeType, scope, team,
                    period, threshold, currency, amount, reference, message, raisedAt)));
            return 1;
        });
    }

    private static String money(BigDecimal amount, String currency) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency;
    }

    private static CostAlertView read(ResultSet rs) throws SQLException {
        Object threshold = rs.getObject("threshold");
        Object budget = rs.getObject("budget_id");
        return new CostAlertView(rs.getLong("id"), rs.getString("kind"), budget == null ? null : ((Number) budget).longValue(),
                rs.getString("scope_type"), rs.getString("scope"), rs.getString("team"),
                rs.getObject("period", LocalDate.class), threshold == null ? null : ((Number) threshold).intValue(),
                rs.getString("currency"), rs.getBigDecimal("amount"), rs.getBigDecimal("reference"),
                rs.getString("message"), rs.getObject("raised_at", OffsetDateTime.class).toInstant());
    }
}
