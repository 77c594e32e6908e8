package dev.slipway.catalog.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.TeamRole;
import dev.slipway.identity.TestIdentity;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class ServicePortalBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    TeamCatalog teams;

    @Autowired
    ServiceCatalog services;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void catalog() {
        TestIdentity.actAsSystem();
        var catalog = new TestCatalog(context);
        catalog.deleteAllServices();
        catalog.deleteTeams(slug -> true);
        teams.create(new TeamRequest("payments", "Payments", null, "#team-payments"));
        teams.create(new TeamRequest("search", "Search", null, null));
        for (int i = 1; i <= 30; i++) {
            services.create(new ServiceRequest("payments-svc-" + i, "Payments Service " + i, "payments", null, null,
                    null, Lifecycle.PRODUCTION, Map.of("project", "checkout")));
        }
        services.create(new ServiceRequest("search-api", "Search API", "search", null, null, null,
                Lifecycle.EXPERIMENTAL, Map.of()));
        TestIdentity.clear();
        var users = new TestUsers(context, port);
        users.person("browser-dev", Role.DEVELOPER);
        users.member("payments", "browser-dev", TeamRole.MEMBER);
    }

    private Page signedIn() {
        Page page = browser.signIn("browser-dev", TestUsers.PASSWORD);
        assertThat(page.locator(".topbar .user")).hasText("browser-dev");
        return page;
    }

    @Test
    void developerSearchesTheServiceListLiveAndPages() {
        Page page = signedIn();
        page.navigate("/services");
        assertThat(page.locator(".page-info")).hasText("1–25 of 31");

        page.getByPlaceholder("Search by name or slug…").fill("search");

        assertThat(page.locator("#results tbody tr")).hasCount(1);
        assertThat(page.locator("#results tbody tr").first()).containsText("Search API");
        assertThat(page).hasURL(Pattern.compile(".*/services\\?q=search.*"));

        page.getByPlaceholder("Search by name or slug…").fill("");
        page.locator("#team").selectOption("payments");
        assertThat(page.locator(".page-info")).hasText("1–25 of 30");
        page.getByText("Next →").click();
        assertThat(page.locator(".page-info")).hasText("26–30 of 30");
        assertThat(page.locator("#results tbody tr")).hasCount(5);

        page.getByPlaceholder("Search by name or slug…").fill("nothing-like-this");
        assertThat(page.locator(".empty-state h2")).hasText("No service matches");
        Browser.screenshot(page, "services-search");
    }

    @Test
    void developerCreatesAServiceAndIsToldInlineWhatToFix() {
        Page page = signedIn();
        page.navigate("/services");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New service")).first().click();

        page.getByLabel("Name").fill("Fraud Check");
        page.getByLabel("Slug").fill("Fraud Check");
        page.getByLabel("Owning team").selectOption("payments");
        page.getByLabel("Cost tags").fill("project=fraud\nCost Center=cc 1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create service")).click();

        assertThat(page.locator("#slug-error")).containsText("lowercase letters, digits or '-'");
        assertThat(page.locator("#costTags-error")).containsText("key must be");
        assertThat(page).hasURL(Pattern.compile(".*/services/new$"));
        assertThat(jdbc.sql("select count(*) from service where name = 'Fraud Check'").query(Long.class).single())
                .isZero();

        page.getByLabel("Slug").fill("fraud-check");
        page.getByLabel("Cost tags").fill("project=fraud\ncost-center=cc-1010");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create service")).click();

        assertThat(page).hasURL(Pattern.compile(".*/services/fraud-check$"));
        assertThat(page.locator(".flash-success")).hasText("Service Fraud Check created.");
        assertThat(page.locator("h1")).hasText("Fraud Check");
        assertThat(page.locator(".tags")).containsText("cost-center=cc-1010");
        Browser.screenshot(page, "service-created");
        assertThat(jdbc.sql("select value from service_cost_tag t join service s on s.id = t.service_id "
                + "where s.slug = 'fraud-check' and t.key = 'project'").query(String.class).single()).isEqualTo("fraud");
    }
}
