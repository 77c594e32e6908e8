package dev.slipway.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.cost.BudgetView;
import dev.slipway.cost.Budgets;
import dev.slipway.cost.CostAlertView;
import dev.slipway.cost.CostAlerts;
import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReport;
import dev.slipway.cost.CostReports;
import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.FinishedDeployment;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"slipway.demo.enabled=true",
        "slipway.cost.alert-interval=PT1H"})
@ExtendWith(BrowserExtension.class)
class HomeBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    AccessPolicy access;

    @Autowired
    CostReports reports;

    @Autowired
    Budgets budgets;

    @Autowired
    CostAlerts alerts;

    @Autowired
    Clock clock;

    @BeforeEach
    void setUp() throws InterruptedException {
        HomeFixture.prepare(context, port);
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @Test
    void aDeveloperSeesTheirTeamsServicesWithTheReleaseRunningInEachEnvironmentTheirGrantAndTheirRequest() {
        Page developer = browser.signIn(HomeFixture.DEVELOPER, TestUsers.PASSWORD);

        assertThat(developer.locator(".home-panel")).hasCount(4);
        Locator services = developer.locator("#panel-services");
        Locator checkout = services.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Checkout API"));
        // Production runs what the demo's deployment history ended with there.
        String inProduction = access.asSystem(() -> context.getBean(DeploymentHistory.class)
                .finished(new DeploymentHistory.Filter(null, "checkout-api", "prod", Instant.EPOCH))).stream()
                .filter(FinishedDeployment::succeeded).reduce((earlier, later) -> later).orElseThrow().version();
        assertThat(checkout).hasText(Pattern.compile("Checkout API\\s+1\\.1\\.0\\s+1\\.1\\.0\\s+"
                + inProduction.replace(".", "\\.")));
        assertThat(services.getByRole(AriaRole.ROW)).hasCount(4); // the header and payments' three services
        assertThat(services).not().containsText("Search API");
        // The demo's history ends with some failures in the last week; the panel lists exactly payments' ones.
        Instant weekAgo = clock.instant().minus(Duration.ofDays(7));
        List<FinishedDeployment> failed = access.asSystem(() -> context.getBean(DeploymentHistory.class)
                .finished(new DeploymentHistory.Filter("payments", null, null, weekAgo))).stream()
                .filter(d -> !d.succeeded()).toList();
        Locator deployments = developer.locator("#panel-deployments");
        assertThat(deployments.locator("li")).hasCount(failed.size());
        for (FinishedDeployment d : failed) {
            assertThat(deployments.locator("li").filter(new Locator.FilterOptions().setHasText(
                    d.service() + " " + d.version() + " → "))).containsText("failed");
        }
        if (failed.isEmpty()) {
            assertThat(deployments).containsText("Nothing is deploying and nothing failed");
        }
        assertThat(deployments).not().containsText("login-service");
        Locator grants = developer.locator("#panel-grants");
        assertThat(grants).containsText("deploy checkout-api in prod");
        assertThat(grants.locator(".countdown")).hasText(Pattern.compile("1 h \\d+ min left"));
        assertThat(developer.locator("#panel-requests")).containsText("deploy payment-gateway");
        assertThat(developer.locator("#panel-spend, #panel-approvals, #panel-audit-chain")).hasCount(0);
        Browser.screenshot(developer, "home-developer");
    }

    @Test
    void aDeveloperInNoTeamSeesEmptyPanelsThatSayWhatToDoNext() {
        Page newcomer = browser.signIn(HomeFixture.NEWCOMER, TestUsers.PASSWORD);

        assertThat(newcomer.locator("#panel-services")).containsText("You are not in a team yet");
        assertThat(newcomer.locator("#panel-services").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("find your team"))).hasAttribute("href", "/teams");
        assertThat(newcomer.locator("#panel-deployments")).containsText("Nothing is deploying");
        assertThat(newcomer.locator("#panel-grants")).containsText("You hold no production access now.");
        assertThat(newcomer.locator("#panel-requests").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Request production access"))).hasAttribute("href",
                "/access/requests/new");
    }

    @Test
    void financeSeesThisMonthsSpendPerTeamAgainstItsBudgetTheAlertsAndTheUnallocatedShare() {
        LocalDate month = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        CostReport report = access.asSystem(() -> reports.report(new CostQuery(month, month.plusMonths(1),
                CostQuery.Granularity.MONTH, CostQuery.Dimension.TEAM, null, null, null, null, null, null, null)));
        List<BudgetView> budgetList = access.asSystem(budgets::list);
        List<CostAlertView> alertList = access.asSystem(() -> alerts.recent(10));

        Page finance = browser.signIn(HomeFixture.FINANCE, TestUsers.PASSWORD);

        assertThat(finance.locator(".home-panel")).hasCount(2);
        Locator spend = finance.locator("#panel-spend");
        assertThat(spend.locator("tbody tr")).hasCount(report.rows().size());
        for (CostReport.Row row : report.rows()) {
            assertThat(spend.locator("tbody tr").filter(new Locator.FilterOptions().setHasText(
                    money(row.billedCost()) + " " + row.currency()))).containsText(row.group());
        }
        BudgetView payments = budgetList.stream().filter(b -> b.scope().equals("payments")).findFirst().orElseThrow();
        assertThat(spend.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("payments"))
                .filter(new Locator.FilterOptions().setHasText(payments.currency()))).containsText(
                money(payments.monthlyAmount()) + " " + payments.actualPercent() + " % " + payments.forecastPercent() + " %");
        for (var total : report.totals()) {
            BigDecimal unallocated = report.rows().stream().filter(r -> r.currency().equals(total.currency())
                    && r.group().equals(CostReports.UNALLOCATED)).map(CostReport.Row::billedCost)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(spend).containsText("Unallocated: " + unallocated.multiply(BigDecimal.valueOf(100))
                    .divide(total.billedCost(), 1, RoundingMode.HALF_UP) + " % of " + total.currency() + " spend ("
                    + money(unallocated) + " of " + money(total.billedCost()) + ")");
        }
        Locator alertPanel = finance.locator("#panel-cost-alerts");
        assertThat(alertPanel.locator("li")).hasCount(alertList.size());
        alertList.forEach(alert -> assertThat(alertPanel).containsText(alert.message()));
        Browser.screenshot(finance, "home-finance");
    }

    @Test
    void anAdministratorSeesApprovalsWaitingAndTheLastVerificationOfTheAuditChainOnceMade() {
        Page admin = browser.signIn(HomeFixture.ADMIN, TestUsers.PASSWORD);

        assertThat(admin.locator(".home-panel")).hasCount(5);
        assertThat(admin.locator("#panel-approvals")).containsText("dana-home asks to deploy payment-gateway");
        assertThat(admin.locator("#panel-freeze-overrides")).containsText("No freeze was overridden in the last 30 days.");
        assertThat(admin.locator("#panel-drift")).containsText("Every service runs what Slipway last deployed.");
        assertThat(admin.locator("#panel-failures")).containsText("No deployment failed in the last 24 hours.");
        assertThat(admin.locator("#panel-audit-chain")).containsText("The chain has not been verified yet.");

        assertThat(admin.locator("#panel-audit-chain").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Verify it on the audit page"))).hasAttribute("href", "/audit");
        admin.navigate("/audit");
        admin.waitForResponse(response -> response.url().endsWith("/audit/verify"), () -> admin.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify chain")).click());
        assertThat(admin.locator("#verification")).containsText("The chain is intact.");
        admin.navigate("/");
        assertThat(admin.locator("#panel-audit-chain")).containsText(Pattern.compile("intact\\s+Last verified .* UTC by "
                + HomeFixture.ADMIN));
        Browser.screenshot(admin, "home-admin");
    }

    private static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount.setScale(2, RoundingMode.HALF_EVEN));
    }
}
