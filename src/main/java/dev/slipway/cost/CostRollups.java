package dev.slipway.cost;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns line items into the daily and monthly rollups every report reads: the only writer of
 * {@code cost_rollup_daily}, {@code cost_rollup_daily_summary} and {@code cost_rollup_monthly}. Work is done per source month (the
 * month of the charges' ChargePeriodStart), inside the caller's transaction.
 * Allocation follows {@link AllocationQuery}. A charge spanning several days is spread evenly over them, the
 * rounding remainder on its last day, so the days add up exactly. Unallocated costs that a shared
 * rule matches are then distributed over the teams.
 */
@Component
@RequiredArgsConstructor
class CostRollups {

    private static final int SHARE_SCALE = 12;

    private final JdbcClient jdbc;
    private final CatalogSnapshot catalog;
    private final AllocationRules rules;

    /** Recomputes the rollups of these source months (first days of months). */
    @Transactional(propagation = Propagation.MANDATORY)
    void recompute(Collection<LocalDate> sourceMonths) {
        if (sourceMonths.isEmpty()) {
            return;
        }
        catalog.load();
        // Grouping a month's line items in memory beats sorting them on disk.
        jdbc.sql("set local work_mem = '128MB'").update();
        AllocationKeys keys = rules.keys();
        for (LocalDate month : sourceMonths) {
            recomputeMonth(month, keys);
        }
    }

    private void recomputeMonth(LocalDate month, AllocationKeys keys) {
        Map<String, Object> before = jdbc.sql("select min(day) as first, max(day) as last from cost_rollup_daily where source_month = ?")
                .param(month).query().singleRow();
        jdbc.sql("delete from cost_rollup_daily where source_month = ?").param(month).update();
        insertDirect(month, keys);
        distributeShared(month);
        Map<String, Object> after = jdbc.sql("select min(day) as first, max(day) as last from cost_rollup_daily where source_month = ?")
                .param(month).query().singleRow();
        LocalDate first = earliest(month, before.get("first"), after.get("first"));
        LocalDate last = latest(month, before.get("last"), after.get("last"));
        refreshMonthly(first.withDayOfMonth(1), last.withDayOfMonth(1).plusMonths(1));
    }

    private void insertDirect(LocalDate month, AllocationKeys keys) {
        var params = new ArrayList<Object>();
        params.add(month);
        params.add(month.plusMonths(1));
        String resolved = AllocationQuery.resolved(keys, """
                li.charge_period_start, li.charge_period_end, li.currency, li.billed_cost, li.effective_cost, li.list_cost,
                li.provider, li.service_category, li.service_name""", """
                li.charge_period_start >= (?::date)::timestamp at time zone 'UTC'
                and li.charge_period_start < (?::date)::timestamp at time zone 'UTC'""", params);
        params.add(month);
        jdbc.sql("""
                insert into cost_rollup_daily (source_month, day, currency, team, project, service, environment, provider,
                    service_category, provider_service, allocation, reason, billed_cost, effective_cost, list_cost)
                %1$s,
                -- Charges alike in everything but amount are summed first, then spread: far fewer rows to spread.
                charges as (
                    select r.team, r.project, r.service, r.environment, r.reason, r.currency,
                           coalesce(r.provider, '') as provider, coalesce(r.service_category, '') as category,
                           coalesce(r.service_name, '') as provider_service,
                           (r.charge_period_start at time zone 'UTC')::date as first_day,
                           greatest(((r.charge_period_end at time zone 'UTC') - interval '1 microsecond')::date
                                    - (r.charge_period_start at time zone 'UTC')::date + 1, 1) as days,
                           sum(r.billed_cost) as billed, sum(r.effective_cost) as effective, sum(r.list_cost) as list
                    from resolved r
                    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
                ),
                spread as (
                    select c.*, c.first_day + k as day,
                           case when k = c.days - 1 then c.billed - round(c.billed / c.days, %2$d) * (c.days - 1)
                                else round(c.billed / c.days, %2$d) end as day_billed,
                           case when k = c.days - 1 then c.effective - round(c.effective / c.days, %2$d) * (c.days - 1)
                                else round(c.effective / c.days, %2$d) end as day_effective,
                           case when k = c.days - 1 then c.list - round(c.list / c.days, %2$d) * (c.days - 1)
                                else round(c.list / c.days, %2$d) end as day_list
                    from charges c cross join lateral generate_series(0, c.days - 1) as k
                )
                select ?::date, day, currency, coalesce(team, ''), project, coalesce(service, ''), environment, provider,
                       category, provider_service, case when team is null then 'UNALLOCATED' else 'DIRECT' end,
                       coalesce(reason, ''), sum(day_billed), sum(day_effective), sum(day_list)
                from spread
                group by day, currency, team, project, service, environment, provider, category, provider_service, reason"""
                .formatted(resolved, SHARE_SCALE))
                .params(params)
                .update();
    }

    private void distributeShared(LocalDate month) {
        jdbc.sql("drop table if exists cost_shared_pool, cost_shared_fraction").update();
        jdbc.sql("""
                create temp table cost_shared_pool on commit drop as
                select r.ctid as row_id, row_number() over () as pool_id, r.*, rule.name as rule_name,
                       rule.method, rule.shares
                from cost_rollup_daily r
                cross join lateral (
                    select * from cost_shared_rule sr
                    where (sr.match_project is null or lower(sr.match_project) = r.project)
                      and (sr.match_category is null or lower(sr.match_category) = lower(r.service_category))
                      and (sr.match_provider_service is null or lower(sr.match_provider_service) = lower(r.provider_service))
                    order by sr.position limit 1) rule
                where r.source_month = ? and r.allocation = 'UNALLOCATED'""").param(month).update();
        // Proportional rules weigh each team by its direct spend in the month and currency of the cost.
        jdbc.sql("""
                create temp table cost_shared_fraction on commit drop as
                with weights as (
                    select date_trunc('month', d.day)::date as month, d.currency, d.team, sum(d.billed_cost) as weight
                    from cost_rollup_daily d
                    where d.allocation = 'DIRECT' and date_trunc('month', d.day)::date in
                          (select distinct date_trunc('month', day)::date from cost_shared_pool where method = 'PROPORTIONAL')
                    group by 1, 2, 3 having sum(d.billed_cost) > 0
                )
                select p.pool_id, w.team, w.weight / sum(w.weight) over (partition by p.pool_id) as fraction
                from cost_shared_pool p
                join weights w on w.month = date_trunc('month', p.day)::date and w.currency = p.currency
                where p.method = 'PROPORTIONAL'
                union all
                select p.pool_id, f.key, f.value::numeric / 100
                from cost_shared_pool p cross join lateral jsonb_each_text(p.shares) f
                where p.method = 'FIXED'""").update();
        // Each team's part is rounded; what rounding left over goes to the team with the largest part.
        jdbc.sql("""
                insert into cost_rollup_daily (source_month, day, currency, team, project, service, environment, provider,
                    service_category, provider_service, allocation, reason, billed_cost, effective_cost, list_cost)
                with split as (
                    select p.*, f.team as to_team,
                           row_number() over (partition by p.pool_id order by f.fraction desc, f.team) as rank,
                           round(p.billed_cost * f.fraction, %1$d) as billed,
                           round(p.effective_cost * f.fraction, %1$d) as effective,
                           round(p.list_cost * f.fraction, %1$d) as list
                    from cost_shared_pool p join cost_shared_fraction f on f.pool_id = p.pool_id
                ),
                sums as (
                    select pool_id, sum(billed) as billed, sum(effective) as effective, sum(list) as list
                    from split group by pool_id
                )
                select s.source_month, s.day, s.currency, s.to_team, s.project, s.service, s.environment, s.provider,
                       s.service_category, s.provider_service, 'SHARED', 'shared by rule ''' || s.rule_name || '''',
                       s.billed + case when s.rank = 1 then s.billed_cost - t.billed else 0 end,
                       s.effective + case when s.rank = 1 then s.effective_cost - t.effective else 0 end,
                       s.list + case when s.rank = 1 then s.list_cost - t.list else 0 end
                from split s join sums t on t.pool_id = s.pool_id""".formatted(SHARE_SCALE)).update();
        jdbc.sql("""
                delete from cost_rollup_daily r using cost_shared_pool p
                where r.ctid = p.row_id and p.pool_id in (select pool_id from cost_shared_fraction)""").update();
        jdbc.sql("""
                update cost_rollup_daily r set reason = p.reason || '; shared rule ''' || p.rule_name
                    || ''' found no team with direct spend that month to share it by'
                from cost_shared_pool p where r.ctid = p.row_id""").update();
    }

    /** The monthly rollup and the daily summary follow the daily rollup, for the months it changed in. */
    private void refreshMonthly(LocalDate from, LocalDate to) {
        jdbc.sql("delete from cost_rollup_daily_summary where day >= ? and day < ?").params(from, to).update();
        jdbc.sql("""
                insert into cost_rollup_daily_summary (day, currency, team, project, service, environment, allocation,
                    billed_cost, effective_cost, list_cost)
                select day, currency, team, project, service, environment, allocation,
                       sum(billed_cost), sum(effective_cost), sum(list_cost)
                from cost_rollup_daily where day >= ? and day < ?
                group by 1, 2, 3, 4, 5, 6, 7""").params(from, to).update();
        jdbc.sql("delete from cost_rollup_monthly where month >= ? and month < ?").params(from, to).update();
        jdbc.sql("""
                insert into cost_rollup_monthly (month, currency, team, project, service, environment, provider,
                    service_category, provider_service, allocation, reason, billed_cost, effective_cost, list_cost)
                select date_trunc('month', day)::date, currency, team, project, service, environment, provider,
                       service_category, provider_service, allocation, reason,
                       sum(billed_cost), sum(effective_cost), sum(list_cost)
                from cost_rollup_daily where day >= ? and day < ?
                group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11""").params(from, to).update();
    }

    private static LocalDate earliest(LocalDate month, @Nullable Object... days) {
        LocalDate result = month;
        for (Object day : days) {
            LocalDate d = toDate(day);
            if (d != null && d.isBefore(result)) {
                result = d;
            }
        }
        return result;
    }

    private static LocalDate latest(LocalDate month, @Nullable Object... days) {
        LocalDate result = month;
        for (Object day : days) {
            LocalDate d = toDate(day);
            if (d != null && d.isAfter(result)) {
                result = d;
            }
        }
        return result;
    }

    private static @Nullable LocalDate toDate(Object value) {
        return value == null ? null : value instanceof Date date ? date.toLocalDate() : (LocalDate) value;
    }
}
