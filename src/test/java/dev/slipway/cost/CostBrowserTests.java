package dev.slipway.cost;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.identity.Role;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

// A context of its own: the test holds the cost write lock, which no other test's background work may wait on.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "slipway.cost.alert-interval=PT1H")
@ExtendWith(BrowserExtension.class)
class CostBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void financeUploadsABillFollowsTheImportAndReadsTheTeamReportChartAndCsv() throws Exception {
        CostTestData.clear(jdbc);
        CostTestData.catalog(context);
        new TestUsers(context, port).person("finn-browser", Role.FINANCE);
        Path bill = Files.createTempFile("focus-", ".csv");
        Files.writeString(bill, FocusSample.file().month("2026-06")
                .usage(3, "10.25", "Compute", "Compute", "{\"team\":\"payments\",\"project\":\"checkout\"}")
                .usage(4, "2.50", "Storage", "Storage", "{\"team\":\"payments\",\"project\":\"ledger\"}")
                .usage(5, "4.00", "Compute", "Compute", "{\"team\":\"search\"}").csv(), StandardCharsets.UTF_8);
        var problems = new ArrayList<String>();

        Page finance = browser.signIn("finn-browser", TestUsers.PASSWORD);
        finance.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add(finance.url() + " " + message.location() + " " + message.text().substring(0, 60));
            }
        });
        finance.onPageError(problems::add);
        finance.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Costs")).click();
        assertThat(finance.getByText("No costs imported yet")).isVisible();
        finance.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import a cost file")).click();

        // Holding the cost write lock keeps the import waiting, so its progress can be seen.
        try (Connection lock = dataSource.getConnection()) {
            try (var statement = lock.createStatement()) {
                statement.execute("select pg_advisory_lock(" + CostWriteLock.KEY + ")");
            }
            finance.setInputFiles("#files", bill);
            finance.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import")).click();
            finance.waitForURL(Pattern.compile(".*/costs/imports/\\d+$"));
            assertThat(finance.locator("#import-status progress")).isVisible();
            assertThat(finance.locator("#import-progress-text")).containsText("Waiting to start");
            Browser.screenshot(finance, "cost-import-running");
            try (var statement = lock.createStatement()) {
                statement.execute("select pg_advisory_unlock(" + CostWriteLock.KEY + ")");
            }
        }
        assertThat(finance.getByText("Billing periods replaced")).isVisible();
        assertThat(finance.locator("#import-status progress")).hasCount(0);
        assertThat(finance.locator("#import-totals")).containsText("16.75 USD");

        finance.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("See the cost report")).click();
        finance.getByLabel("From").fill("2026-06-01");
        finance.getByLabel("To (exclusive)").fill("2026-07-01");
        finance.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        finance.waitForURL(Pattern.compile(".*from=2026-06-01.*"));
        finance.locator(".cost-table").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("payments")).click();
        finance.waitForURL(Pattern.compile(".*team=payments.*"));
        assertThat(finance.locator(".chip")).containsText("payments");
        assertThat(finance.locator(".cost-table thead")).containsText("Project");
        assertThat(finance.locator(".cost-table tbody")).containsText("checkout");
        assertThat(finance.locator(".cost-table tbody")).not().containsText("search");
        assertThat(finance.locator(".cost-table tfoot")).containsText("12.75 USD");
        finance.waitForFunction("() => window.slipwayCharts && window.slipwayCharts().length === 1"
                + " && Chart.getChart(document.getElementById('cost-chart-usd')) !== undefined");
        Object painted = finance.evaluate("() => { const c = document.getElementById('cost-chart-usd');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false; }");
        assertThat(painted).isEqualTo(true);
        Browser.screenshot(finance, "cost-team-report");

        Download download = finance.waitForDownload(() -> finance.getByText("Download CSV").click());
        assertThat(download.suggestedFilename()).endsWith(".csv");
        List<String> csv = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
        assertThat(csv).containsExactly("currency,project,2026-06,total", "USD,checkout,10.25,10.25",
                "USD,ledger,2.50,2.50", "USD,Total,12.75,12.75");

        finance.navigate("/teams/payments");
        assertThat(finance.locator("#cost-panel")).containsText("No spend recorded for this team");
        finance.locator("#cost-panel").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName("Full report")).click();
        assertThat(finance.locator(".chip")).containsText("payments");

        finance.navigate("/costs/allocation");
        finance.getByLabel("Tag value").fill("PaymentsTeam");
        finance.getByLabel("Counts as").fill("payments");
        finance.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add alias")).click();
        assertThat(finance.locator("#aliases")).containsText("paymentsteam");
        assertThat(finance.locator("#recomputation")).containsText("Recomputation");
        Browser.screenshot(finance, "cost-allocation");
        assertThat(problems).isEmpty();
    }
}
