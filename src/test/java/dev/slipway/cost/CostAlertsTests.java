package dev.slipway.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TestIdentity;
import dev.slipway.notify.WebhookRequest;
import dev.slipway.notify.Webhooks;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

// The scheduled check stays quiet; each test checks "today" itself, as of a day it chooses.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"slipway.cost.alert-interval=1h", "slipway.notify.poll-interval=1h"})
class CostAlertsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    CostAlerts alerts;

    @Autowired
    Budgets budgets;

    HttpApi finance;

    @BeforeEach
    void setUp() {
        CostTestData.clear(jdbc);
        CostTestData.catalog(context);
        var webhooks = context.getBean(Webhooks.class);
        context.getBean(AccessPolicy.class).asSystem(() -> webhooks.list().forEach(webhook -> webhooks.delete(webhook.id())));
        var users = new TestUsers(context, port);
        users.person("finn-alerts", Role.FINANCE);
        finance = new HttpApi(port).withToken(users.token("finn-alerts", null, Scope.COSTS_READ, Scope.COSTS_WRITE));
    }

    @AfterEach
    void clearIdentity() {
        TestIdentity.clear();
    }

    @Test
    void aBudgetStandsAtItsSpendSoFarAndForecastsTheMonthAtItsRunRate() {
        importDaily("payments", "10.00", 1, 20);
        budget("payments", "1000", "[80]", "[100]");

        BudgetView standing = budgets.standings(LocalDate.parse("2026-06-10")).get(0);

        assertThat(standing.actual()).isEqualByComparingTo("100.00");
        assertThat(standing.forecast()).isEqualByComparingTo("300.00");
        assertThat(standing.actualPercent()).isEqualByComparingTo("10.0");
        assertThat(standing.forecastPercent()).isEqualByComparingTo("30.0");
    }

    @Test
    void crossingAnActualThresholdRaisesOneAlertAMonthInTheAuditTrailAndTheWebhooks() {
        importDaily("payments", "100.00", 1, 9); // 900 of 1000 by the 10th
        budget("payments", "1000", "[80]", "[500]");
        long webhook = webhook("cost-alert.budget");

        int raised = check(LocalDate.parse("2026-06-10"));
        int again = check(LocalDate.parse("2026-06-11"));

        assertThat(raised).isEqualTo(1);
        assertThat(again).isZero();
        JsonNode alert = finance.get("/api/v1/cost-alerts").json().get(0);
        assertThat(alert.get("kind").asString()).isEqualTo("BUDGET_ACTUAL");
        assertThat(alert.get("threshold").asInt()).isEqualTo(80);
        assertThat(alert.get("message").asString()).contains("team payments", "900.00 USD", "90.0 %");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'cost-alert.budget' and target_id = ?")
                .param(alert.get("id").asString()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from webhook_delivery where endpoint_id = ? and event = 'cost-alert.budget'")
                .param(webhook).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aBudgetSetBelowTheSpendSoFarAlertsAtOnce() {
        importDay("payments", LocalDate.now(ZoneOffset.UTC).getDayOfMonth(), "100.00",
                YearMonth.now(ZoneOffset.UTC).toString());

        budget("payments", "50", "[80]", "[1000]");

        assertThat(finance.get("/api/v1/cost-alerts").json().get(0).get("kind").asString()).isEqualTo("BUDGET_ACTUAL");
    }

    @Test
    void theForecastThresholdAlertsBeforeTheMoneyIsSpent() {
        importDaily("payments", "50.00", 1, 5); // 250 by the 5th: 1,500 by the month's end
        budget("payments", "1000", "[80]", "[100]");

        check(LocalDate.parse("2026-06-05"));

        List<String> kinds = finance.get("/api/v1/cost-alerts").json().valueStream().map(a -> a.get("kind").asString())
                .toList();
        assertThat(kinds).containsExactly("BUDGET_FORECAST");
    }

    @Test
    void aDayFarAboveTheTrailingBaselineIsAnAnomalyAndNormalDaysAreNot() {
        importDaily("search", "20.00", 1, 29);
        importDay("search", 30, "400.00"); // replaces nothing: another account
        int raised = check(LocalDate.parse("2026-07-01"));

        JsonNode all = finance.get("/api/v1/cost-alerts").json();
        assertThat(raised).isEqualTo(1);
        assertThat(all.get(0).get("kind").asString()).isEqualTo("ANOMALY");
        assertThat(all.get(0).get("scope").asString()).isEqualTo("search");
        assertThat(all.get(0).get("period").asString()).isEqualTo("2026-06-30");
        assertThat(new BigDecimal(all.get(0).get("reference").asString())).isEqualByComparingTo("20.00");
    }

    @Test
    void aSmallRiseUnderTheAbsoluteFloorIsNoAnomaly() {
        importDaily("search", "1.00", 1, 29);
        importDay("search", 30, "30.00"); // thirty times the median, but only 29 above it: under the floor of 50

        assertThat(check(LocalDate.parse("2026-07-01"))).isZero();
    }

    @Test
    void aNewTeamsFirstDaysAreNoAnomaly() {
        importDaily("search", "500.00", 25, 30);

        assertThat(check(LocalDate.parse("2026-07-01"))).isZero();
    }

    @Test
    void listingAlertsAgainAndAgainHoldsNoDatabaseConnection() {
        for (int i = 0; i < 25; i++) { // more than the pool's connections
            assertThat(finance.get("/api/v1/cost-alerts").status()).isEqualTo(200);
        }
    }

    @Test
    void badBudgetsAreRefusedWithTheFieldNamed() {
        var refused = finance.post("/api/v1/budgets", """
                {"scopeType": "team", "scope": "nobody", "currency": "dollars", "monthlyAmount": -5}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .contains("scope", "currency", "monthlyAmount");
        assertThat(jdbc.sql("select count(*) from cost_budget").query(Long.class).single()).isZero();
    }

    @Test
    void theAnomalyRuleIsRobustToOneOutlierInTheBaseline() {
        var rule = new AnomalyRule(new BigDecimal("5"), new BigDecimal("50"));
        var baseline = new ArrayList<BigDecimal>();
        for (int i = 0; i < 27; i++) {
            baseline.add(new BigDecimal("100"));
        }
        baseline.add(new BigDecimal("5000")); // one earlier spike leaves the median and MAD alone

        assertThat(rule.isAnomalous(new BigDecimal("400"), baseline)).isTrue();
        assertThat(rule.isAnomalous(new BigDecimal("140"), baseline)).isFalse();
    }

    int check(LocalDate today) {
        TestIdentity.actAsSystem();
        try {
            return alerts.check(today);
        } finally {
            TestIdentity.clear();
        }
    }

    long budget(String team, String amount, String actual, String forecast) {
        var created = finance.post("/api/v1/budgets", """
                {"scopeType": "team", "scope": "%s", "currency": "USD", "monthlyAmount": %s,
                 "actualThresholds": %s, "forecastThresholds": %s}""".formatted(team, amount, actual, forecast));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    long webhook(String event) {
        TestIdentity.actAsSystem();
        try {
            return context.getBean(Webhooks.class).create(new WebhookRequest("finance", "https://hooks.example.com/x",
                    "a-secret-long-enough", List.of(event))).webhook().id();
        } finally {
            TestIdentity.clear();
        }
    }

    void importDaily(String team, String amount, int firstDay, int lastDay) {
        var file = FocusSample.file();
        for (int day = firstDay; day <= lastDay; day++) {
            file.usage(day, amount, "Compute", "Compute", "{\"team\":\"" + team + "\"}");
        }
        var answer = finance.send("POST", "/api/v1/cost-imports", file.csv(), Map.of("Content-Type", "text/csv"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    void importDay(String team, int day, String amount) {
        importDay(team, day, amount, "2026-06");
    }

    void importDay(String team, int day, String amount, String month) {
        var answer = finance.send("POST", "/api/v1/cost-imports", FocusSample.file().account("acme-extra", "USD")
                .month(month).usage(day, amount, "Compute", "Compute", "{\"team\":\"" + team + "\"}").csv(),
                Map.of("Content-Type", "text/csv"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }
}
