package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.MeteredDeployment;
import dev.slipway.testsupport.PrometheusScrape;
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

    private static final Map<String, String> SUCCEEDED = Map.of("outcome", "SUCCEEDED",
            "environment", MeteredDeployment.ENVIRONMENT);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void aDeploymentIsCountedAndTimedByOutcomeAndEnvironment() {
        double before = PrometheusScrape.of(context, port).value("slipway_deployments_seconds_count", SUCCEEDED);

        MeteredDeployment.succeed(context, port);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var scrape = PrometheusScrape.of(context, port);
            assertThat(scrape.value("slipway_deployments_seconds_count", SUCCEEDED)).isEqualTo(before + 1);
            assertThat(scrape.value("slipway_deployments_seconds_sum", SUCCEEDED)).isPositive();
            assertThat(scrape.has("slipway_deployments_seconds_bucket")).as("a histogram for percentiles").isTrue();
            assertThat(scrape.has("slipway_deployments_queued")).isTrue();
        });
    }
}
