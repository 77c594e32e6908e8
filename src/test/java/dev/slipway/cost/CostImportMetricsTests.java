package dev.slipway.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PrometheusScrape;
import dev.slipway.testsupport.TestUsers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of cost imports show in the scrape: imported ones, and those of a refused file. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CostImportMetricsTests {

    private static final String ROWS = "slipway_cost_import_rows_total";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void importedAndRefusedRowsAreCounted() {
        CostTestData.clear(jdbc);
        CostTestData.catalog(context);
        var users = new TestUsers(context, port);
        users.person("finn-metrics", Role.FINANCE);
        var finance = new HttpApi(port).withToken(users.token("finn-metrics", null, Scope.COSTS_READ, Scope.COSTS_WRITE));
        var before = PrometheusScrape.of(context, port);

        var imported = finance.send("POST", "/api/v1/cost-imports", FocusSample.file()
                .usage(3, "10.25", "Compute", "Compute", "{\"team\":\"payments\"}")
                .usage(4, "7.10", "Networking", "Networking", "{}")
                .usage(5, "1.15", "Compute", "Compute", "{\"team\":\"search\"}").csv(), Map.of("Content-Type", "text/csv"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        var refused = finance.send("POST", "/api/v1/cost-imports", FocusSample.file()
                .usage(3, "abc", "Compute", "Compute", "{\"team\":\"payments\"}").csv(), Map.of("Content-Type", "text/csv"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        long refusedRows = finance.get("/api/v1/cost-imports/" + refused.json().get("importId").asLong()).json()
                .get("rowsTotal").asLong();

        var after = PrometheusScrape.of(context, port);
        assertThat(after.increaseSince(before, ROWS, Map.of("outcome", "imported"))).isEqualTo(3);
        assertThat(after.increaseSince(before, ROWS, Map.of("outcome", "refused"))).isEqualTo(refusedRows);
    }
}
