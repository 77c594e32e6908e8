package dev.slipway.deploy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.identity.Role;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
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
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('dock', 'Dock', now(), now()) on conflict (slug) do nothing").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at, updated_at)
                values ('staging-b', 'Staging B', false, 300, 'default', '{team}-{env}', now(), now()) on conflict (slug) do nothing""").update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'crane', 'Crane', id, 'PRODUCTION', 'registry.example.com/dock/crane', now(), now() from team where slug = 'dock'
                on conflict do nothing""").update();
        var users = new TestUsers(context, port);
        users.person("dock-dev", Role.DEVELOPER);
        users.member("dock", "dock-dev", TeamRole.MEMBER);

        Page page = browser.signIn("dock-dev", TestUsers.PASSWORD);
        page.navigate("/services/crane");
        page.getByLabel("Version").fill("5.0.0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register release")).click();
        assertThat(page.locator(".flash-success")).hasText("Release 5.0.0 registered.");

        page.locator("#deploy-environment").selectOption("staging-b");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deploy")).click();

        assertThat(page.locator("h1")).containsText("crane");
        assertThat(page.locator("#deployment-state")).hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(page.locator("progress.rollout")).hasAttribute("value", "100");
        assertThat(page.locator("#deployment-replicas")).hasText("2 of 2 replicas ready");
        assertThat(page.locator(".event-log")).containsText("APPLIED");
        Browser.screenshot(page, "deployment-succeeded");
    }
}
