package dev.slipway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.MeteredDeployment;
import dev.slipway.testsupport.PrometheusScrape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every query of deploy/grafana/slipway-dashboard.json asks for metrics Slipway exports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GrafanaDashboardTests {

    // In the dashboard's PromQL every metric is written with a label selector: the name stands right before '{'.
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void everyPanelQueriesMetricsThatTheScrapeShows() {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Path.of("deploy/grafana/slipway-dashboard.json").toFile());
        assertThat(dashboard.get("templating").get("list").valueStream().map(v -> v.get("type").asString()))
                .contains("datasource");
        MeteredDeployment.succeed(context, port);
        var scrape = PrometheusScrape.of(context, port);

        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asString());
            assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.get("targets").size()).as(panel.get("title").asString()).isPositive();
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asString();
                List<String> metrics = METRIC.matcher(expr).results().map(match -> match.group(1)).toList();
                assertThat(metrics).as(expr).isNotEmpty();
                metrics.forEach(metric -> assertThat(scrape.has(metric)).as(metric + " in " + expr).isTrue());
            }
        }
        assertThat(titles).hasSize(10).contains("Deployments by outcome", "Deployment duration p50 / p95",
                "Deployment queue", "Webhook deliveries", "JVM heap");
    }
}
