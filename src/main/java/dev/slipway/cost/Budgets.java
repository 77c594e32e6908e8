package dev.slipway.cost;

import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly budgets per team or project (finance and administrators set them; a team's members read
 * its budgets). The only writer of {@code cost_budget}.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Budgets {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final TeamCatalog teams;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /** Every budget with this month's standing; developers see their teams' budgets. */
    @Transactional(readOnly = true)
    public List<BudgetView> list() {
        boolean all = access.can(Permission.COSTS_READ);
        if (!all && !access.canInAnyTeam(Permission.COSTS_READ)) {
            access.require(Permission.COSTS_READ, null, "cost-budget.list", "cost-budget", null);
        }
        LocalDate today = today();
        return all().stream()
                .filter(b -> all || b.scopeType().equals("TEAM") && access.can(Permission.COSTS_READ, b.scope()))
                .map(b -> standing(b, today)).toList();
    }

    @Transactional(readOnly = true)
    public BudgetView get(long id) {
        Budget budget = find(id);
        if (budget.scopeType().equals("TEAM")) {
            access.require(Permission.COSTS_READ, budget.scope(), "cost-budget.read", "cost-budget", String.valueOf(id));
        } else {
            access.require(Permission.COSTS_READ, null, "cost-budget.read", "cost-budget", String.valueOf(id));
        }
        return standing(budget, today());
    }

    public BudgetView create(BudgetRequest request) {
        access.require(Permission.COSTS_WRITE, null, BudgetCreated.NAME, "cost-budget", null);
        Budget checked = check(request, 0);
        if (jdbc.sql("select count(*) from cost_budget where scope_type = ? and scope = ? and currency = ?")
                .params(checked.scopeType(), checked.scope(), checked.currency()).query(Long.class).single() > 0) {
            throw ConflictException.duplicate("scope", "The " + checked.scopeType().toLowerCase(Locale.ROOT) + " "
                    + checked.scope() + " already has a " + checked.currency() + " budget; change that one");
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = jdbc.sql("""
                insert into cost_budget (scope_type, scope, currency, monthly_amount, actual_thresholds,
                    forecast_thresholds, created_by_name, created_at, updated_at)
                values (?, ?, ?, ?, ?::integer[], ?::integer[], ?, ?, ?) returning id""")
                .params(checked.scopeType(), checked.scope(), checked.currency(), checked.amount(),
                        array(checked.actual()), array(checked.forecast()), access.current().username(), now, now)
                .query(Long.class).single();
        BudgetView created = standing(find(id), today());
        events.publishEvent(new BudgetCreated(created));
        events.publishEvent(new BudgetSet(id));
        return created;
    }

    public BudgetView update(long id, BudgetRequest request) {
        access.require(Permission.COSTS_WRITE, null, BudgetUpdated.NAME, "cost-budget", String.valueOf(id));
        Budget before = find(id);
        Budget checked = check(request, id);
        if (!checked.scopeType().equals(before.scopeType()) || !checked.scope().equals(before.scope())
                || !checked.currency().equals(before.currency())) {
            throw new ConflictException("A budget's team or project and currency stay as created; delete it and "
                    + "create another to change them.");
        }
        jdbc.sql("""
                update cost_budget set monthly_amount = ?, actual_thresholds = ?::integer[], forecast_thresholds = ?::integer[],
                    updated_at = ? where id = ?""")
                .params(checked.amount(), array(checked.actual()), array(checked.forecast()),
                        clock.instant().atOffset(ZoneOffset.UTC), id).update();
        BudgetView after = standing(find(id), today());
        events.publishEvent(new BudgetUpdated(standing(before, today()), after));
        events.publishEvent(new BudgetSet(id));
        return after;
    }

    public void delete(long id) {
        access.require(Permission.COSTS_WRITE, null, BudgetDeleted.NAME, "cost-budget", String.valueOf(id));
        Budget budget = find(id);
        jdbc.sql("delete from cost_budget where id = ?").param(id).update();
        events.publishEvent(new BudgetDeleted(standing(budget, today())));
    }

    /** Internal read for the alert check: every budget with its standing on {@code today}. */
    @Transactional(readOnly = true)
    List<BudgetView> standings(LocalDate today) {
        return all().stream().map(b -> standing(b, today)).toList();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Actual: billed cost so far this month; forecast: actual ÷ days elapsed × days in the month. */
    private BudgetView standing(Budget budget, LocalDate today) {
        LocalDate month = today.withDayOfMonth(1);
        String column = budget.scopeType().equals("TEAM") ? "team" : "project";
        BigDecimal actual = jdbc.sql("select coalesce(sum(billed_cost), 0) from cost_rollup_daily where " + column
                + " = ? and currency = ? and day >= ? and day <= ?")
                .params(budget.scope(), budget.currency(), month, today).query(BigDecimal.class).single();
        BigDecimal forecast = actual.multiply(BigDecimal.valueOf(today.lengthOfMonth()))
                .divide(BigDecimal.valueOf(today.getDayOfMonth()), 2, RoundingMode.HALF_UP);
        return new BudgetView(budget.id(), budget.scopeType(), budget.scope(), budget.currency(), budget.amount(),
                budget.actual(), budget.forecast(), month, actual, forecast, percent(actual, budget.amount()),
                percent(forecast, budget.amount()));
    }

    private static BigDecimal percent(BigDecimal value, BigDecimal of) {
        return value.multiply(BigDecimal.valueOf(100)).divide(of, 1, RoundingMode.HALF_UP);
    }

    private Budget check(BudgetRequest request, long id) {
        var errors = new ArrayList<FieldError>();
        String type = request.scopeType() == null ? "" : request.scopeType().strip().toUpperCase(Locale.ROOT);
        if (!type.equals("TEAM") && !type.equals("PROJECT")) {
            errors.add(new FieldError("scopeType", "must be team or project"));
        }
        String scope = request.scope() == null ? "" : request.scope().strip().toLowerCase(Locale.ROOT);
        if (scope.isEmpty() || scope.length() > 100) {
            errors.add(new FieldError("scope", "name the team or project (1 to 100 characters)"));
        } else if (type.equals("TEAM") && !teams.exists(scope)) {
            errors.add(new FieldError("scope", "no team '" + scope + "' exists"));
        }
        String currency = request.currency() == null ? "" : request.currency().strip().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(currency).matches()) {
            errors.add(new FieldError("currency", "must be a three-letter currency code, e.g. USD or EUR"));
        }
        if (request.monthlyAmount() == null || request.monthlyAmount().signum() <= 0) {
            errors.add(new FieldError("monthlyAmount", "must be above 0"));
        } else if (request.monthlyAmount().precision() - request.monthlyAmount().scale() > 15) {
            errors.add(new FieldError("monthlyAmount", "is too large"));
        }
        List<Integer> actual = thresholds(request.actualThresholds(), List.of(80), "actualThresholds", errors);
        List<Integer> forecast = thresholds(request.forecastThresholds(), List.of(100), "forecastThresholds", errors);
        RequestValidator.require(errors);
        return new Budget(id, type, scope, currency, Objects.requireNonNull(request.monthlyAmount()), actual, forecast);
    }

    private static List<Integer> thresholds(List<Integer> given, List<Integer> otherwise, String field,
            List<FieldError> errors) {
        if (given == null) {
            return otherwise;
        }
        for (Integer t : given) {
            if (t == null || t < 1 || t > 1000) {
                errors.add(new FieldError(field, "each threshold is a percent from 1 to 1000"));
                return otherwise;
            }
        }
        return given.stream().distinct().sorted().toList();
    }

    private static String array(List<Integer> values) {
        return "{" + String.join(",", values.stream().map(String::valueOf).toList()) + "}";
    }

    private List<Budget> all() {
        return jdbc.sql("select * from cost_budget order by scope_type, scope, currency").query((rs, i) -> read(rs)).list();
    }

    private Budget find(long id) {
        return jdbc.sql("select * from cost_budget where id = ?").param(id).query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("budget", String.valueOf(id)));
    }

    private static Budget read(ResultSet rs) throws SQLException {
        return new Budget(rs.getLong("id"), rs.getString("scope_type"), rs.getString("scope"), rs.getString("currency"),
                rs.getBigDecimal("monthly_amount"), ints(rs.getArray("actual_thresholds")),
                ints(rs.getArray("forecast_thresholds")));
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return Arrays.asList((Integer[]) array.getArray());
    }

    private record Budget(long id, String scopeType, String scope, String currency, BigDecimal amount,
            List<Integer> actual, List<Integer> forecast) {
    }
}
