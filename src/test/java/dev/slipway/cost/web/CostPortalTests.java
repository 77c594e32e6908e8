package dev.slipway.cost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.cost.CostTestData;
import dev.slipway.cost.FocusSample;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CostPortalTests {

    static final String RANGE = "from=2026-05-01&to=2026-07-01";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    TestUsers users;
    PortalClient finance;

    @BeforeEach
    void twoMonthsOfCosts() {
        CostTestData.clear(jdbc);
        CostTestData.catalog(context);
        users = new TestUsers(context, port);
        users.person("finn-portal", Role.FINANCE);
        users.person("dev-payments", Role.DEVELOPER);
        users.member("payments", "dev-payments", TeamRole.MEMBER);
        users.person("dev-nocosts", Role.DEVELOPER);
        var api = new HttpApi(port).withToken(users.token("finn-portal", null, Scope.COSTS_READ, Scope.COSTS_WRITE));
        for (String csv : List.of(
                FocusSample.file().month("2026-05")
                        .usage(3, "10.00", "Compute", "Compute", "{\"team\":\"payments\",\"project\":\"checkout\"}")
                        .usage(4, "4.00", "Compute", "Compute", "{\"team\":\"search\"}").csv(),
                FocusSample.file().month("2026-06")
                        .usage(3, "10.25", "Compute", "Compute", "{\"team\":\"payments\",\"project\":\"checkout\"}")
                        .usage(4, "0.00000080000", "Storage", "Storage", "{\"team\":\"payments\",\"project\":\"=1+2\"}")
                        .usage(5, "-2.50", "Compute", "Compute", "{\"team\":\"search\"}")
                        .usage(6, "7.10", "Networking", "Networking", "{}").csv())) {
            var answer = api.send("POST", "/api/v1/cost-imports", csv, Map.of("Content-Type", "text/csv"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        }
        finance = signedIn("finn-portal");
    }

    @Test
    void financeSeesTheReportWithChartDataTableAndMovers() {
        var page = finance.get("/costs?" + RANGE);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"cost-chart-usd\"", "type=\"application/json\"",
                "\"type\":\"bar\"", ">payments<", ">search<", ">Unallocated<",
                "title=\"10.2500008 USD\"", "10.25 USD", "Biggest movers in 2026-06", "▼");
        assertThat(page.body()).contains("href=\"/costs\"").contains("Download CSV");
    }

    @Test
    void theFormSwapsOnlyTheResultsForHtmx() {
        var fragment = finance.getFragment("/costs?" + RANGE + "&granularity=day&team=payments&groupBy=project");

        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).doesNotContain("<html").contains("id=\"cost-report\"", "\"type\":\"line\"",
                "class=\"chip\"", ">checkout<", "2026-06-03");
    }

    @Test
    void aDeveloperSeesOnlyTheirTeam() {
        PortalClient developer = signedIn("dev-payments");

        var page = developer.get("/costs?" + RANGE);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(">payments<").doesNotContain(">search<").doesNotContain(">Unallocated<");
        assertThat(developer.get("/costs?" + RANGE + "&team=search").status()).isEqualTo(403);
    }

    @Test
    void someoneWithoutCostRightsGetsNoNavigationEntryAndA403() {
        PortalClient nobody = signedIn("dev-nocosts");

        assertThat(nobody.get("/").body()).doesNotContain("href=\"/costs\"");
        assertThat(nobody.get("/costs").status()).isEqualTo(403);
        assertThat(nobody.get("/costs/report.csv").status()).isEqualTo(403);
        assertThat(finance.get("/").body()).contains("href=\"/costs\"");
    }

    @Test
    void theCsvHasExactAmountsAndDefusesFormulas() {
        var csv = finance.get("/costs/report.csv?" + RANGE + "&groupBy=project");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains(".csv");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("currency,project,2026-05,2026-06,total");
        assertThat(lines).contains("USD,checkout,10.00,10.25,20.25", "USD,'=1+2,0.00,0.0000008,0.0000008",
                "USD,(none),4.00,4.60,8.60", "USD,Total,14.00,14.8500008,28.8500008");
        assertThat(csv.body()).contains("\r\n");

        var byTeam = finance.get("/costs/report.csv?" + RANGE).body();
        assertThat(byTeam.lines()).contains("USD,search,4.00,-2.50,1.50", "USD,Total,14.00,14.8500008,28.8500008");
    }

    @Test
    void anUploadThroughThePortalStartsAnImportAndLeadsToItsPage() {
        String csv = FocusSample.file().month("2026-04")
                .usage(3, "3.00", "Compute", "Compute", "{\"team\":\"payments\"}").csv();

        var answer = finance.postFiles("/costs/imports", "files", Map.of("april.csv", csv.getBytes(StandardCharsets.UTF_8)));

        assertThat(answer.status()).isEqualTo(302);
        String location = answer.header("Location");
        assertThat(location).matches(".*/costs/imports/\\d+");
        String path = location.substring(location.indexOf("/costs/imports/"));
        await().atMost(Duration.ofSeconds(20)).until(() -> finance.get(path).body().contains("Billing periods replaced"));
        assertThat(finance.get(path).body()).contains("3.00 USD", "april.csv");
        assertThat(finance.get("/costs/imports").body()).contains("april.csv", "committed");
    }

    @Test
    void aRefusedUploadShowsItsProblems() {
        var answer = finance.postFiles("/costs/imports", "files", Map.of("bad.csv",
                "BillingAccountId,Nothing\nx,y\n".getBytes(StandardCharsets.UTF_8)));
        String path = answer.header("Location").substring(answer.header("Location").indexOf("/costs/imports/"));

        await().atMost(Duration.ofSeconds(20)).until(() -> finance.get(path).body().contains("What to do next"));
    }

    @Test
    void badAllocationInputShowsAnInlineErrorAndChangesNothing() {
        var answer = finance.post("/costs/allocation/keys", Map.of("team", " , ", "project", "project",
                "service", "service, app", "environment", "env"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("id=\"team-error\"", "name at least one tag key");
        assertThat(jdbc.sql("select tag_key from cost_allocation_key where dimension = 'team' order by position")
                .query(String.class).list()).containsExactly("team", "owner");
        assertThat(jdbc.sql("select count(*) from cost_allocation_key").query(Long.class).single()).isEqualTo(8);

        var alias = finance.post("/costs/allocation/aliases", Map.of("dimension", "team", "tagValue", "ViennaAI",
                "slug", "nobody"));
        assertThat(alias.body()).contains("id=\"slug-error\"", "no team &#39;nobody&#39; exists");

        var rule = finance.post("/costs/allocation/rules", Map.of("name", "Platform", "matchProject", "platform",
                "method", "FIXED", "shares", "payments=60\nsearch=30"));
        assertThat(rule.body()).contains("id=\"shares-error\"", "add up to 100");
        assertThat(jdbc.sql("select count(*) from cost_shared_rule").query(Long.class).single()).isZero();
    }

    @Test
    void allocationChangesAreSavedAndListed() {
        var saved = finance.post("/costs/allocation/aliases", Map.of("dimension", "team", "tagValue", "ViennaAI",
                "slug", "search"));
        assertThat(saved.status()).isEqualTo(302);

        assertThat(finance.post("/costs/allocation/rules", Map.of("name", "Platform", "matchProject", "platform",
                "method", "FIXED", "shares", "payments=60\nsearch=40")).status()).isEqualTo(302);
        var again = finance.post("/costs/allocation/rules", Map.of("name", "Platform", "matchProject", "other",
                "method", "PROPORTIONAL"));
        assertThat(again.body()).contains("id=\"name-error\"", "exists already");

        var page = finance.get("/costs/allocation");
        assertThat(page.body()).contains("viennaai", "Recomputation", "Save tag keys", "Platform", "payments", "60 %");
    }

    @Test
    void financeSetsABudgetAndReadsItsStandingAndAlerts() {
        var bad = finance.post("/costs/budgets", Map.of("scopeType", "team", "scope", "payments", "currency", "USD",
                "monthlyAmount", "lots", "actualThresholds", "80", "forecastThresholds", "100"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"monthlyAmount-error\"", "is not an amount");
        assertThat(jdbc.sql("select count(*) from cost_budget").query(Long.class).single()).isZero();

        var saved = finance.post("/costs/budgets", Map.of("scopeType", "team", "scope", "payments", "currency", "USD",
                "monthlyAmount", "1000", "actualThresholds", "80", "forecastThresholds", "100"));
        assertThat(saved.status()).isEqualTo(302);
        var again = finance.post("/costs/budgets", Map.of("scopeType", "team", "scope", "payments", "currency", "USD",
                "monthlyAmount", "2000", "actualThresholds", "80", "forecastThresholds", "100"));
        assertThat(again.body()).contains("id=\"scope-error\"", "already has a USD budget");

        var page = finance.get("/costs/budgets");
        assertThat(page.body()).contains("1,000.00 USD", "80 % spent · 100 % forecast", "<progress");
        assertThat(finance.post("/costs/budgets/check", Map.of()).status()).isEqualTo(302);
    }

    @Test
    void aDeveloperReadsTheirTeamsBudgetsButCannotSetOne() {
        finance.post("/costs/budgets", Map.of("scopeType", "team", "scope", "search", "currency", "USD",
                "monthlyAmount", "500", "actualThresholds", "80", "forecastThresholds", "100"));
        PortalClient developer = signedIn("dev-payments");

        var page = developer.get("/costs/budgets");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("500.00 USD").doesNotContain("New budget");
        assertThat(developer.post("/costs/budgets", Map.of("scopeType", "team", "scope", "payments", "currency", "USD",
                "monthlyAmount", "5")).status()).isEqualTo(403);
    }

    @Test
    void thePanelShowsATeamsSpendAndRefusesOtherTeams() {
        PortalClient developer = signedIn("dev-payments");

        var own = developer.getFragment("/costs/panel?team=payments");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("id=\"cost-panel\"", "/costs?team=payments");

        assertThat(developer.getFragment("/costs/panel?team=search").status()).isEqualTo(403);
        assertThat(developer.getFragment("/costs/panel?service=checkout-api").status()).isEqualTo(200);
        assertThat(finance.getFragment("/costs/panel?team=search").status()).isEqualTo(200);
    }

    @Test
    void teamAndServicePagesLoadTheSpendPanelOnlyForThoseWhoMayReadTheirCosts() {
        assertThat(finance.get("/teams/payments").body()).contains("hx-get=\"/costs/panel?team=payments\"");
        assertThat(finance.get("/services/checkout-api").body()).contains("hx-get=\"/costs/panel?service=checkout-api\"");
        assertThat(signedIn("dev-payments").get("/teams/search").body()).doesNotContain("/costs/panel");
        assertThat(signedIn("dev-nocosts").get("/services/checkout-api").body()).doesNotContain("/costs/panel");
    }

    @Test
    void emptyRangesSayWhyThereIsNothingToShow() {
        assertThat(signedIn("dev-payments").get("/costs?from=2025-01-01&to=2025-02-01").body())
                .contains("No spend recorded for your teams in this range").doesNotContain("<canvas");
        assertThat(finance.get("/costs?from=2025-01-01&to=2025-02-01").body()).contains("No spend recorded in this range");
        CostTestData.clear(jdbc);
        assertThat(finance.get("/costs").body()).contains("No costs imported yet", "href=\"/costs/imports\"");
    }

    @Test
    void aBadDateComesBackBesideItsField() {
        var page = finance.getFragment("/costs?from=June&to=2026-07-01");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"from-error\"", "must be a date", "value=\"June\"").doesNotContain("<canvas");
    }

    @Test
    void tagValuesCannotBreakOutOfTheChartData() {
        var api = new HttpApi(port).withToken(users.token("finn-portal", null, Scope.COSTS_WRITE));
        api.send("POST", "/api/v1/cost-imports", FocusSample.file().month("2026-03").usage(3, "1.00", "Compute",
                "Compute", "{\"team\":\"payments\",\"project\":\"</script><script>alert(1)</script>&\"}").csv(),
                Map.of("Content-Type", "text/csv"));

        String page = finance.get("/costs?from=2026-03-01&to=2026-04-01&groupBy=project").body();

        assertThat(page).contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026")
                .doesNotContain("<script>alert(1)");
    }

    private PortalClient signedIn(String username) {
        var client = new PortalClient(port);
        client.signIn(username, TestUsers.PASSWORD);
        return client;
    }
}
