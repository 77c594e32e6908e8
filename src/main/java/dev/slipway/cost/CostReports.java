package dev.slipway.cost;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.RequestValidator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cost reports, read from the rollups only. Finance and administrators see everything; developers
 * see the teams they belong to; nobody else sees costs.
 */
@Component
@Transactional(readOnly = true)
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class CostReports {

    public static final String UNALLOCATED = "Unallocated";
    public static final String NONE = "(none)";
    static final int MAX_DAYS = 800;

    private final JdbcClient jdbc;
    private final AccessPolicy access;

    public CostReport report(CostQuery query) {
        check(query);
        var params = new HashMap<String, Object>();
        boolean monthly = query.granularity() == CostQuery.Granularity.MONTH && query.from().getDayOfMonth() == 1
                && query.to().getDayOfMonth() == 1;
        String period = monthly ? "month" : query.granularity() == CostQuery.Granularity.MONTH
                ? "date_trunc('month', day)::date" : "day";
        String where = where(query, monthly ? "month" : "day", params);
        String group = query.groupBy().column;
        String table = monthly ? "cost_rollup_monthly" : summaryServes(query) ? "cost_rollup_daily_summary"
                : "cost_rollup_daily";
        List<CostReport.Row> rows = jdbc.sql("""
                select %s as period, %s as grp, currency, sum(billed_cost) as billed, sum(effective_cost) as effective,
                       sum(list_cost) as list
                from %s %s
                group by 1, 2, 3 order by 1, 2, 3""".formatted(period, group, table, where))
                .params(params)
                .query((rs, i) -> new CostReport.Row(rs.getObject("period", LocalDate.class),
                        label(query.groupBy(), rs.getString("grp")), rs.getString("currency"),
                        rs.getBigDecimal("billed"), rs.getBigDecimal("effective"), rs.getBigDecimal("list")))
                .list();
        return new CostReport(query.from(), query.to(), query.granularity().name().toLowerCase(Locale.ROOT),
                query.groupBy().id(), rows, totals(rows));
    }

    /** Whether the daily summary has every column the query groups or filters by. */
    private static boolean summaryServes(CostQuery query) {
        boolean grouped = switch (query.groupBy()) {
            case TEAM, PROJECT, SERVICE, ENVIRONMENT, ALLOCATION -> true;
            default -> false;
        };
        return grouped && query.provider() == null && query.category() == null;
    }

    /** The groups whose spend changed most from the month before {@code month} to {@code month}. */
    public List<CostMover> movers(CostQuery query, LocalDate month, int limit) {
        LocalDate current = month.withDayOfMonth(1);
        var lastTwo = new CostQuery(current.minusMonths(1), current.plusMonths(1), CostQuery.Granularity.MONTH,
                query.groupBy(), query.team(), query.project(), query.service(), query.environment(), query.provider(),
                query.category(), query.allocation());
        var byGroup = new TreeMap<String, BigDecimal[]>();
        for (CostReport.Row row : report(lastTwo).rows()) {
            BigDecimal[] pair = byGroup.computeIfAbsent(row.group() + '\u0000' + row.currency(),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            pair[row.period().equals(current) ? 1 : 0] = row.billedCost();
        }
        var movers = new ArrayList<CostMover>();
        byGroup.forEach((key, pair) -> {
            String[] parts = key.split("\u0000");
            BigDecimal change = pair[1].subtract(pair[0]);
            BigDecimal percent = pair[0].signum() == 0 ? null
                    : change.multiply(BigDecimal.valueOf(100)).divide(pair[0].abs(), 1, RoundingMode.HALF_UP);
            movers.add(new CostMover(parts[0], parts[1], pair[0], pair[1], change, percent));
        });
        movers.sort((a, b) -> b.change().abs().compareTo(a.change().abs()));
        return movers.subList(0, Math.min(limit, movers.size()));
    }

    private void check(CostQuery query) {
        var errors = new ArrayList<FieldError>();
        if (query.from() == null) {
            errors.add(new FieldError("from", "must be a date, e.g. 2026-06-01"));
        }
        if (query.to() == null) {
            errors.add(new FieldError("to", "must be a date, e.g. 2026-07-01 (exclusive)"));
        }
        if (query.from() != null && query.to() != null) {
            if (!query.to().isAfter(query.from())) {
                errors.add(new FieldError("to", "must be after from (to is exclusive)"));
            } else if (query.from().plusDays(MAX_DAYS).isBefore(query.to())) {
                errors.add(new FieldError("to", "a report covers at most " + MAX_DAYS + " days"));
            }
        }
        RequestValidator.require(errors);
        if (query.team() != null && !query.team().equalsIgnoreCase(UNALLOCATED)) {
            access.require(Permission.COSTS_READ, query.team(), "cost.read", "team", query.team());
        } else if (!access.can(Permission.COSTS_READ) && visibleTeams().isEmpty()) {
            access.require(Permission.COSTS_READ, null, "cost.read", "cost", null);
        }
    }

    /** The teams whose costs a developer may read; empty for finance and admins, who read all. */
    private List<String> visibleTeams() {
        Actor actor = access.current();
        return actor.teams().keySet().stream().filter(team -> access.can(Permission.COSTS_READ, team)).sorted().toList();
    }

    private String where(CostQuery query, String dayColumn, Map<String, Object> params) {
        var conditions = new ArrayList<String>();
        conditions.add(dayColumn + " >= :from and " + dayColumn + " < :to");
        params.put("from", query.from());
        params.put("to", query.to());
        if (!access.can(Permission.COSTS_READ)) {
            conditions.add("team = any(:visible)");
            params.put("visible", visibleTeams().toArray(String[]::new));
        }
        equal(conditions, params, "team", query.team() != null && query.team().equalsIgnoreCase(UNALLOCATED) ? ""
                : query.team());
        equal(conditions, params, "project", none(query.project()));
        equal(conditions, params, "service", none(query.service()));
        equal(conditions, params, "environment", none(query.environment()));
        equal(conditions, params, "provider", query.provider());
        equal(conditions, params, "service_category", query.category());
        equal(conditions, params, "allocation", query.allocation() == null ? null
                : query.allocation().toUpperCase(Locale.ROOT));
        return "where " + String.join(" and ", conditions);
    }

    private static @Nullable String none(@Nullable String value) {
        return NONE.equals(value) ? "" : value;
    }

    private static void equal(List<String> conditions, Map<String, Object> params, String column, @Nullable String value) {
        if (value != null) {
            conditions.add(column + " = :" + column);
            params.put(column, value);
        }
    }

    private static String label(CostQuery.Dimension dimension, String value) {
        if (value == null || value.isEmpty()) {
            return dimension == CostQuery.Dimension.TEAM ? UNALLOCATED : NONE;
        }
        return value;
    }

    static List<CurrencyTotal> totals(List<CostReport.Row> rows) {
        var sums = new LinkedHashMap<String, BigDecimal[]>();
        rows.stream().sorted((a, b) -> a.currency().compareTo(b.currency())).forEach(row -> {
            BigDecimal[] s = sums.computeIfAbsent(row.currency(),
                    c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(row.billedCost());
            s[1] = s[1].add(row.effectiveCost());
            s[2] = s[2].add(row.listCost());
        });
        return sums.entrySet().stream()
                .map(e -> new CurrencyTotal(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }
}
