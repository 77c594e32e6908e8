package dev.slipway.cost;

import java.time.Instant;
import java.sql.Timestamp;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Cost tables emptied, and the catalog the cost tests allocate to: teams payments and search. */
public final class CostTestData {

    private CostTestData() {
    }

    public static void clear(JdbcClient jdbc) {
        // The scheduled budget and anomaly checks read these tables; a truncate that meets one of them can deadlock.
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("truncate cost_line_item, cost_rollup_daily, cost_rollup_daily_summary, cost_rollup_monthly, "
                        + "cost_import, cost_tag_alias, cost_shared_rule, cost_recomputation, cost_alert, cost_budget")
                        .update();
                break;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        jdbc.sql("delete from cost_allocation_key").update();
        jdbc.sql("""
                insert into cost_allocation_key (dimension, position, tag_key) values
                    ('team', 1, 'team'), ('team', 2, 'owner'), ('project', 1, 'project'),
                    ('service', 1, 'service'), ('service', 2, 'app'), ('service', 3, 'application'),
                    ('environment', 1, 'env'), ('environment', 2, 'environment')""").update();
    }

    public static void catalog(JdbcClient jdbc) {
        Timestamp now = Timestamp.from(Instant.now());
        for (String team : new String[] {"payments", "search"}) {
            jdbc.sql("insert into team (slug, name, created_at, updated_at) values (?, ?, ?, ?) on conflict do nothing")
                    .params(team, team.substring(0, 1).toUpperCase() + team.substring(1), now, now).update();
        }
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, created_at, updated_at)
                select 'checkout-api', 'Checkout API', id, 'PRODUCTION', ?, ? from team where slug = 'payments'
                on conflict do nothing""").params(now, now).update();
        jdbc.sql("""
                insert into service_cost_tag (service_id, key, value)
                select id, 'project', 'checkout' from service where slug = 'checkout-api' on conflict do nothing""")
                .update();
    }
}
