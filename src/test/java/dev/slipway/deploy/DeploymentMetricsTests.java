package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PrometheusScrape;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** A finished deployment shows in the scrape: counted and timed by outcome and environment. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeploymentMetricsTests {

    private static final Map<String, String> SUCCEEDED_IN_METRICS_ENV = Map.of("outcome", "SUCCEEDED",
            "environment", "metrics-dev");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void aDeploymentIsCountedAndTimedByOutcomeAndEnvironment() {
        var catalog = new TestCatalog(context);
        catalog.team("gauges", "Gauges");
        catalog.environment(new EnvironmentRequest("metrics-dev", "metrics-dev", false, 121, "default", "{team}-{env}",
                false, false, null, null));
        catalog.autoRollback("metrics-dev", false);
        catalog.service("dial", "Dial", "gauges", Lifecycle.PRODUCTION, "registry.example.com/gauges/dial");
        var users = new TestUsers(context, port);
        users.person("gauges-ci", Role.DEVELOPER);
        users.member("gauges", "gauges-ci", TeamRole.MEMBER);
        var ci = new HttpApi(port).withToken(users.token("gauges-ci", "gauges", Scope.RELEASES_WRITE,
                Scope.DEPLOYMENTS_WRITE, Scope.CATALOG_READ));
        String version = "1.0." + System.nanoTime();
        assertThat(ci.post("/api/v1/services/dial/releases", "{\"version\": \"" + version + "\"}").status()).isEqualTo(201);
        double before = PrometheusScrape.of(context, port).value("slipway_deployments_seconds_count",
                SUCCEEDED_IN_METRICS_ENV);

        var queued = ci.post("/api/v1/deployments",
                "{\"service\": \"dial\", \"environment\": \"metrics-dev\", \"version\": \"" + version + "\"}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        long id = queued.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> ci.get("/api/v1/deployments/" + id).json().get("state").asString(), "SUCCEEDED"::equals);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var scrape = PrometheusScrape.of(context, port);
            assertThat(scrape.value("slipway_deployments_seconds_count", SUCCEEDED_IN_METRICS_ENV)).isEqualTo(before + 1);
            assertThat(scrape.value("slipway_deployments_seconds_sum", SUCCEEDED_IN_METRICS_ENV)).isPositive();
            assertThat(scrape.has("slipway_deployments_seconds_bucket")).as("a histogram for percentiles").isTrue();
            assertThat(scrape.has("slipway_deployments_queued")).isTrue();
        });
    }
}
