package dev.slipway.access;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class AccessBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRefusedProductionDeployBecomesARequestThatAnAdministratorApprovesAndThenTheDeploySucceeds() {
        new AccessFixture(context, jdbc, new TestUsers(context, port)).reset();
        Page developer = browser.signIn("vault-dev", TestUsers.PASSWORD);
        developer.navigate("/services/locker");
        assertThat(developer.locator("#deploy-panel")).containsText("Needs an access grant");
        // Choosing the environment reloads the deploy panel with the release to promote there.
        developer.waitForResponse(response -> response.url().contains("/deploy-panel"),
                () -> developer.locator("#deploy-environment").selectOption("prod-eu"));
        developer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deploy")).click();

        assertThat(developer.locator(".flash-error")).containsText("Production access needed: to deploy locker in prod-eu");
        developer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions()
                .setName("Request deploy access to locker in prod-eu for 1 hour")).click();
        assertThat(developer.getByLabel("Services")).hasValue("locker");
        assertThat(developer.locator("input[name=environments][value=prod-eu]")).isChecked();
        assertThat(developer.locator("input[name=actions][value=deploy]")).isChecked();
        assertThat(developer.locator("#duration")).hasValue("PT1H");
        developer.getByLabel("Reason").fill("INC-42: payments fail at checkout");
        developer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send request")).click();
        assertThat(developer.locator(".flash-success")).containsText("1 approval needed");
        assertThat(developer.locator("#my-requests")).containsText("pending");
        Browser.screenshot(developer, "access-requested");

        Page admin = browser.signIn("vault-admin1", TestUsers.PASSWORD);
        admin.navigate("/access");
        assertThat(admin.locator(".mainnav .nav-count")).hasText(Pattern.compile("[1-9][0-9]*"));
        assertThat(admin.locator("#waiting")).containsText("INC-42: payments fail at checkout");
        Browser.screenshot(admin, "access-waiting-for-approval");
        var request = admin.locator("#waiting .approval").filter(new Locator.FilterOptions()
                .setHasText("INC-42: payments fail at checkout"));
        request.getByLabel("Comment").fill("go ahead");
        request.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
        assertThat(admin.locator(".flash-success")).containsText("vault-dev has access now");

        // The developer's page picks the grant up on its own, with its countdown running.
        assertThat(developer.locator("#my-grants")).containsText("locker",
                new LocatorAssertions.ContainsTextOptions().setTimeout(15_000));
        assertThat(developer.locator("#my-grants .countdown")).hasText(Pattern.compile("(59|60) min .*left|1 h 0 min left"));
        assertThat(developer.locator("#my-requests")).containsText("approved");
        Browser.screenshot(developer, "access-granted");

        developer.navigate("/services/locker");
        assertThat(developer.locator("#service-access")).containsText("vault-dev");
        assertThat(developer.locator("#deploy-panel")).containsText(Pattern.compile("Your deploy access:\\s+(59|60) min"));
        // Choosing the environment reloads the deploy panel with the release to promote there.
        developer.waitForResponse(response -> response.url().contains("/deploy-panel"),
                () -> developer.locator("#deploy-environment").selectOption("prod-eu"));
        developer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deploy")).click();
        assertThat(developer.locator("#deployment-state")).hasText("succeeded",
                new LocatorAssertions.HasTextOptions().setTimeout(30_000));
    }
}
