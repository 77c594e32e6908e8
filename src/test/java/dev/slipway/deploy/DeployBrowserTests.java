package dev.slipway.deploy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class DeployBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void developerDeploysAReleaseToStagingAndWatchesItReachEveryReplica() {
        var catalog = new TestCatalog(context);
        catalog.team("dock", "Dock");
        catalog.environment(new EnvironmentRequest("staging-b", "Staging B", false, 300, "default", "{team}-{env}"));
        catalog.service("crane", "Crane", "dock", Lifecycle.PRODUCTION, "registry.example.com/dock/crane");
        var users = new TestUsers(context, port);
        users.person("dock-dev", Role.DEVELOPER);
        users.member("dock", "dock-dev", TeamRole.MEMBER);

        Page page = browser.signIn("dock-dev", TestUsers.PASSWORD);
        page.navigate("/services/crane");
        page.getByLabel("Version").fill("5.0.0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register release")).click();
        assertThat(page.locator(".flash-success")).hasText("Release 5.0.0 registered.");

        // Choosing the environment reloads the deploy panel with the release to promote there.

        page.waitForResponse(response -> response.url().contains("/deploy-panel"),

                () -> page.locator("#deploy-environment").selectOption("staging-b"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deploy")).click();

        assertThat(page.locator("h1")).containsText("crane");
        assertThat(page.locator("#deployment-state")).hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(page.locator("progress.rollout")).hasAttribute("value", "100");
        assertThat(page.locator("#deployment-replicas")).hasText("2 of 2 new replicas ready");
        assertThat(page.locator(".event-log")).containsText("APPLIED");
        Browser.screenshot(page, "deployment-succeeded");

        page.navigate("/deployments");
        assertThat(page.locator("#queue-depth")).containsText("queued");
    }

    @Test
    void aCrashLoopingReleaseIsExplainedWithItsPodsAndLogAndRolledBackBeforeTheDeveloperReloads() {
        var catalog = new TestCatalog(context);
        catalog.team("quay", "Quay");
        catalog.environment(new EnvironmentRequest("quay-dev", "Quay Dev", false, 310, "default", "{team}-{env}", null,
                true, null, null));
        catalog.service("bollard", "Bollard", "quay", Lifecycle.PRODUCTION, "registry.example.com/quay/bollard");
        var users = new TestUsers(context, port);
        users.person("quay-dev-user", Role.DEVELOPER);
        users.member("quay", "quay-dev-user", TeamRole.MEMBER);
        Page page = browser.signIn("quay-dev-user", TestUsers.PASSWORD);
        page.onDialog(dialog -> dialog.accept());
        page.navigate("/services/bollard");
        registerAndDeploy(page, "1.0.0", null);
        assertThat(page.locator("#deployment-state")).hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(30_000));

        page.navigate("/services/bollard");
        registerAndDeploy(page, "1.1.0", "1.1.0-crashloop");

        // The pods crash-loop on the page, then the reason, the log tail and the automatic rollback show up, all live.
        assertThat(page.locator("#pods")).containsText("bollard-", new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        assertThat(page.locator("#failure-reason")).containsText("CrashLoopBackOff",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#failure-reason")).containsText("exited with code 1");
        assertThat(page.locator("#log-tail")).isVisible();
        assertThat(page.locator("#rollback-status")).containsText("Rolled back automatically to 1.0.0");
        assertThat(page.locator("#rollback-status .badge")).hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        Browser.screenshot(page, "deployment-crashloop-rolled-back");

        // The failed deployment offers a rollback to 1.0.0; two quick clicks make one.
        var button = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back to 1.0.0"));
        button.dblclick();
        assertThat(page.locator("h1")).containsText("1.0.0");
        long rollbacks = jdbc.sql("""
                select count(*) from deployment d join service s on s.id = d.service_id
                where s.slug = 'bollard' and d.rollback_of is not null and d.requested_by_name = 'quay-dev-user'""")
                .query(Long.class).single();
        Assertions.assertThat(rollbacks).isEqualTo(1);
    }

    private static void registerAndDeploy(Page page, String version, String imageTag) {
        page.getByLabel("Version").fill(version);
        if (imageTag != null) {
            page.getByLabel("Image tag").fill(imageTag);
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register release")).click();
        assertThat(page.locator(".flash-success")).hasText("Release " + version + " registered.");
        // The service page keeps a choice handed to it, as it does after a refused deployment.
        page.navigate("/services/bollard?environment=quay-dev&version=" + version);
        assertThat(page.locator("#deploy-version")).hasValue(version);
        assertThat(page.locator("#deploy-environment")).hasValue("quay-dev");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deploy")).click();
        assertThat(page.locator("h1")).containsText(version);
    }
}
