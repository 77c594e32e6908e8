package dev.slipway.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

// Rates of the sandbox's cluster "default" set here; the scheduled estimate stays quiet.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "slipway.cost.estimate-interval=PT1H", "slipway.cost.cluster-rates.default.cpu-hour=0.05",
    "slipway.cost.cluster-rates.default.gib-hour=0.01", "slipway.cost.cluster-rates.default.currency=EUR"})
class ClusterEstimatesTests {

    static final LocalDate DAY = LocalDate.parse("2026-06-15");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    ClusterEstimates estimates;

    HttpApi finance;
    TestUsers users;

    @BeforeEach
    void aServiceRunningInAnEnvironment() {
        CostTestData.clear(jdbc);
        CostTestData.catalog(context);
        jdbc.sql("truncate cost_estimate_daily").update();
        jdbc.sql("delete from deployment").update();
        var catalog = new TestCatalog(context);
        catalog.deleteEnvironment("est-env");
        catalog.environment(new EnvironmentRequest("est-env", "Estimates", false, 90, "default", "{team}-est"));
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select id, '1.0.0', 'registry.example.com/checkout-api:1.0.0', 'test', now() from service
                where slug = 'checkout-api' on conflict do nothing""").update();
        users = new TestUsers(context, port);
        users.person("finn-estimates", Role.FINANCE);
        finance = new HttpApi(port).withToken(users.token("finn-estimates", null, Scope.COSTS_READ));
    }

    @Test
    void aRunningServiceCostsItsRequestsTimesReplicasTimesTheClustersRates() {
        deployment("SUCCEEDED");
        jdbc.sql("""
                insert into deploy_settings (service_id, environment_id, replicas, container_port, cpu_request, cpu_limit,
                    memory_request, memory_limit, rollout_timeout_s, updated_at)
                select s.id, e.id, 3, 8080, '500m', '1', '2Gi', '2Gi', 60, now()
                from service s, environment e where s.slug = 'checkout-api' and e.slug = 'est-env'
                on conflict (service_id, environment_id) do update set replicas = 3, cpu_request = '500m',
                    memory_request = '2Gi'""").update();

        assertThat(estimates.estimate(DAY)).isEqualTo(1);

        JsonNode rows = finance.get("/api/v1/costs/estimates?from=2026-06-01&to=2026-07-01").json();
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("team").asString()).isEqualTo("payments");
        assertThat(row.get("currency").asString()).isEqualTo("EUR");
        // 3 replicas × (0.5 core × 0.05 + 2 GiB × 0.01) an hour × 24 hours = 3.24
        assertThat(new BigDecimal(row.get("estimatedCost").asString())).isEqualByComparingTo("3.24");
    }

    @Test
    void theEstimateIsNeverPartOfBilledCost() {
        deployment("SUCCEEDED");
        estimates.estimate(DAY);

        JsonNode report = finance.get("/api/v1/costs?from=2026-06-01&to=2026-07-01").json();

        assertThat(report.get("rows").size()).isZero();
        assertThat(report.get("totals").size()).isZero();
    }

    @Test
    void aServiceWhoseLatestDeploymentFailedIsNotCounted() {
        deployment("SUCCEEDED");
        deployment("FAILED");

        assertThat(estimates.estimate(DAY)).isZero();
    }

    @Test
    void developersReadTheEstimatesOfTheirOwnTeamOnly() {
        deployment("SUCCEEDED");
        estimates.estimate(DAY);
        users.person("dev-estimates", Role.DEVELOPER);
        users.member("search", "dev-estimates", TeamRole.MEMBER);
        var developer = new HttpApi(port).withToken(users.token("dev-estimates", null, Scope.COSTS_READ));

        assertThat(developer.get("/api/v1/costs/estimates?from=2026-06-01&to=2026-07-01").status()).isEqualTo(403);
        assertThat(developer.get("/api/v1/costs/estimates?from=2026-06-01&to=2026-07-01&team=payments").status())
                .isEqualTo(403);
        assertThat(developer.get("/api/v1/costs/estimates?from=2026-06-01&to=2026-07-01&team=search").json().size())
                .isZero();
    }

    void deployment(String state) {
        jdbc.sql("""
                insert into deployment (service_id, environment_id, release_id, state, requested_by_name, created_at,
                    finished_at)
                select s.id, e.id, r.id, ?, 'test', now(), clock_timestamp()
                from service s join release r on r.service_id = s.id, environment e
                where s.slug = 'checkout-api' and e.slug = 'est-env'""").param(state).update();
    }
}
