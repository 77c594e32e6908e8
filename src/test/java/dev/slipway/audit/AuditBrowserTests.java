package dev.slipway.audit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class AuditBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void adminFiltersPagesOpensAnEventAndVerifiesTheChain() {
        var users = new TestUsers(context, port);
        users.person("trail-admin", Role.ADMIN);
        var api = new HttpApi(port).withToken(users.token("trail-admin", null, Scope.values()));
        for (int i = 0; i < 60; i++) {
            api.post("/api/v1/teams", "{\"slug\": \"trail-" + i + "\", \"name\": \"Trail " + i + "\"}");
        }

        Page page = browser.signIn("trail-admin", TestUsers.PASSWORD);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit").setExact(true)).click();

        page.getByPlaceholder("Action, e.g. service.update or service.").fill("team.create");
        page.getByPlaceholder("Actor (username)").fill("trail-admin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.locator("#audit-rows tr")).hasCount(50);
        assertThat(page.locator("#audit-rows tr").first()).containsText("trail-59");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Load older events")).click();
        assertThat(page.locator("#audit-rows tr")).hasCount(60);
        assertThat(page.locator("#audit-rows tr").last()).containsText("trail-0");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Load older events"))).hasCount(0);

        page.locator("#audit-rows tr").first().locator("a").click();
        assertThat(page.locator("#event-detail")).containsText("team.create");
        assertThat(page.locator("#event-detail")).containsText("Previous hash");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify chain")).click();
        assertThat(page.locator("#verification")).containsText("The chain is intact.");
        Browser.screenshot(page, "audit-trail");
    }
}
