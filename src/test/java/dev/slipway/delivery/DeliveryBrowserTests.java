package dev.slipway.delivery;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.identity.Role;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = DeliveryMetricsTests.REWORK_WINDOW)
@ExtendWith(BrowserExtension.class)
class DeliveryBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void aDeveloperReadsTheFiveFiguresBandsAndWeeklyChartsOfATeam() {
        DeliveryHistoryFixture.record(context);
        new TestUsers(context, port).person("dl-dev", Role.DEVELOPER);
        var problems = new ArrayList<String>();
        Page page = browser.signIn("dl-dev", TestUsers.PASSWORD);
        page.onPageError(problems::add);
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add(message.text());
            }
        });

        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Delivery")).click();
        page.waitForURL(Pattern.compile(".*/delivery$"));
        assertThat(page.locator(".empty-state")).containsText("No finished deployments to dl-prod in this range");
        assertThat(page.locator(".empty-state")).containsText("Deploy a release");

        page.getByLabel("From").fill("2026-03-20");
        page.getByLabel("To (exclusive)").fill("2026-03-02");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        assertThat(page.locator("#to-error")).hasText("must be after from (2026-03-20); to is exclusive");
        assertThat(page.locator(".delivery-figures")).hasCount(0);

        page.getByLabel("Team").selectOption("dl-team");
        page.getByLabel("From").fill("2026-03-02");
        page.getByLabel("To (exclusive)").fill("2026-03-16");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show")).click();
        page.waitForURL(Pattern.compile(".*team=dl-team.*from=2026-03-02.*"));

        Locator figures = page.locator(".delivery-figures");
        assertThat(figures.locator("[data-figure=deployment-frequency] .stat-value")).hasText("4 a week");
        assertThat(figures.locator("[data-figure=deployment-frequency] .dora-band")).hasText("high");
        assertThat(figures.locator("[data-figure=lead-time] .stat-value")).hasText("2.8 h");
        assertThat(figures.locator("[data-figure=lead-time] .dora-band")).hasText("elite");
        assertThat(figures.locator("[data-figure=change-fail-rate] .stat-value")).hasText("36.4 %");
        assertThat(figures.locator("[data-figure=change-fail-rate] .dora-band")).hasText("low");
        assertThat(figures.locator("[data-figure=recovery-time] .stat-value")).hasText("2 h");
        assertThat(figures.locator("[data-figure=recovery-time] .dora-band")).hasText("high");
        assertThat(figures.locator("[data-figure=rework-rate] .stat-value")).hasText("18.2 %");
        assertThat(figures.locator("[data-figure=rework-rate] .dora-band")).hasText("no DORA band");

        assertThat(page.locator("#delivery-references")).containsText("Hand-coded pipelines");
        assertThat(page.locator("#delivery-references tbody tr").nth(0)).containsText("12 min");
        assertThat(page.locator("#delivery-references tbody tr").nth(1)).containsText("8 %");
        assertThat(page.locator("#delivery-references tbody tr").nth(2)).containsText("5 min");
        assertThat(page.locator("#delivery-services [data-group=dl-api]")).containsText("40 %");
        assertThat(page.locator("#delivery-services [data-group=dl-web]")).isVisible();

        page.waitForFunction("() => window.slipwayCharts && window.slipwayCharts().length === 4");
        Object painted = page.evaluate("() => ['delivery-chart-deployments', 'delivery-chart-rates',"
                + " 'delivery-chart-lead-time', 'delivery-chart-recovery'].every(id => {"
                + " const c = document.getElementById(id); const chart = Chart.getChart(c);"
                + " if (!chart || chart.data.labels.length !== 2) return false;"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false; })");
        assertThat(painted).isEqualTo(true);
        Browser.screenshot(page, "delivery-team");
        assertThat(problems).isEmpty();
    }
}
