package dev.slipway.cost;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.testsupport.TestCatalog;
import org.springframework.context.ApplicationContext;
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

    /** Made through the catalog's facades, as the system. */
    public static void catalog(ApplicationContext context) {
        var catalog = new TestCatalog(context);
        catalog.team("payments", "Payments");
        catalog.team("search", "Search");
        catalog.service("checkout-api", "Checkout API", "payments", Lifecycle.PRODUCTION, null);
        catalog.costTag("checkout-api", "project", "checkout");
    }
}
