package dev.slipway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = DeliveryMetricsTests.REWORK_WINDOW)
class DeliveryApiTests {

    private static final String RANGE = "&from=2026-03-02&to=2026-03-16";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    /** A developer of another team whose token holds nothing but catalog:read. */
    HttpApi reader;

    @BeforeEach
    void history() {
        DeliveryHistoryFixture.record(context);
        var users = new TestUsers(context, port);
        users.person("dl-reader", Role.DEVELOPER);
        reader = new HttpApi(port).withToken(users.token("dl-reader", null, Scope.CATALOG_READ));
    }

    @Test
    void aCatalogReaderGetsTheFiguresOfATeamPerServiceAndPerWeek() {
        var response = reader.get("/api/v1/metrics/delivery?team=dl-team" + RANGE);

        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("environment").asString()).isEqualTo("dl-prod");
        assertThat(report.get("reworkWindowHours").asDouble()).isEqualTo(2.0);
        assertThat(report.get("overall").get("deployments").asInt()).isEqualTo(11);
        JsonNode api = report.get("services").get(0);
        assertThat(api.get("name").asString()).isEqualTo("dl-api");
        assertThat(api.get("figures").get("changeFailRate").asDouble()).isEqualTo(0.4);
        assertThat(api.get("figures").get("changeFailRateBand").asString()).isEqualTo("low");
        assertThat(api.get("figures").get("recoveryMedianSeconds").asDouble()).isEqualTo(7350.0);
        assertThat(api.get("figures").get("reworkRate").asDouble()).isEqualTo(0.2);
        assertThat(report.get("services").get(1).get("name").asString()).isEqualTo("dl-web");
        assertThat(report.get("weeks")).hasSize(2);
        assertThat(report.get("references").get(0).get("deploymentSeconds").asDouble()).isEqualTo(720.0);
        assertThat(report.get("references").get(1).get("recoverySeconds").asDouble()).isEqualTo(300.0);
    }

    @Test
    void serviceAndEnvironmentNarrowTheReport() {
        JsonNode staging = reader.get("/api/v1/metrics/delivery?service=dl-api&environment=dl-staging" + RANGE).json();
        assertThat(staging.get("overall").get("deployments").asInt()).isEqualTo(1);
        assertThat(staging.get("overall").get("recoveryMedianSeconds").isNull()).isTrue();
        assertThat(staging.get("overall").get("recoveryBand").isNull()).isTrue();
    }

    @Test
    void aBadParameterIsAProblemNamingIt() {
        assertProblem("/api/v1/metrics/delivery?from=last-week", "from");
        assertProblem("/api/v1/metrics/delivery?to=%2B999999999-12-31", "to");
        assertProblem("/api/v1/metrics/delivery?from=2026-03-16&to=2026-03-02", "to");
        assertProblem("/api/v1/metrics/delivery?from=2020-01-01&to=2026-03-02", "from");
        assertProblem("/api/v1/metrics/delivery?team=nope", "team");
        assertProblem("/api/v1/metrics/delivery?team=dl-team&service=dl-other", "service");
        assertProblem("/api/v1/metrics/delivery?environment=nowhere", "environment");
    }

    private void assertProblem(String path, String parameter) {
        var response = reader.get(path);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).as(path).isEqualTo(parameter);
    }

    @Test
    void aTokenWithoutCatalogReadIsRefused() {
        var users = new TestUsers(context, port);
        var costsOnly = new HttpApi(port).withToken(users.token("dl-reader", null, Scope.COSTS_READ));
        var response = costsOnly.get("/api/v1/metrics/delivery");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope", "catalog:read");
        assertThat(new HttpApi(port).get("/api/v1/metrics/delivery").status()).isEqualTo(401);
    }
}
