package dev.slipway.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class SignInBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void people() {
        var catalog = new TestCatalog(context);
        catalog.team("orders", "Orders");
        catalog.team("billing", "Billing");
        catalog.service("invoice-api", "Invoice API", "billing", Lifecycle.PRODUCTION, null);
        var users = new TestUsers(context, port);
        users.person("web-admin", Role.ADMIN);
        users.person("web-dev", Role.DEVELOPER);
        users.person("web-finance", Role.FINANCE);
        users.member("orders", "web-dev", TeamRole.MAINTAINER);
    }

    @Test
    void eachRoleSeesOnlyWhatItMayDo() {
        Page admin = signIn("web-admin");
        assertThat(admin.locator(".mainnav")).containsText("Admin");
        admin.navigate("/services/invoice-api");
        assertThat(admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit"))).isVisible();

        Page developer = signIn("web-dev");
        assertThat(developer.locator(".mainnav")).not().containsText("Admin");
        developer.navigate("/services/invoice-api");
        assertThat(developer.locator("h1")).hasText("Invoice API");
        assertThat(developer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit"))).hasCount(0);
        developer.navigate("/services");
        assertThat(developer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New service"))).isVisible();
        developer.navigate("/admin/users");
        assertThat(developer.locator("h1")).hasText("Not allowed");

        Page finance = signIn("web-finance");
        finance.navigate("/services");
        assertThat(finance.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New service"))).hasCount(0);
        Browser.screenshot(developer, "developer-refused-admin");
    }

    @Test
    void wrongPasswordIsToldPlainly() {
        Page page = browser.newPage();
        page.navigate("/login");
        page.getByLabel("Username").fill("web-dev");
        page.getByLabel("Password").fill("not-the-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        assertThat(page.locator(".flash-error")).hasText("Wrong username or password.");
        Browser.screenshot(page, "login-refused");
    }

    @Test
    void developerCreatesATokenAndSeesItsSecretOnce() {
        Page page = signIn("web-dev");
        page.navigate("/account");
        page.getByLabel("Name").fill("laptop-script");
        page.getByLabel("catalog:read").check();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();

        assertThat(page.locator("#created-token")).containsText("slw_");
        assertThat(page.locator("table")).containsText("laptop-script");
        Browser.screenshot(page, "token-created");
        page.reload();
        assertThat(page.locator("#created-token")).hasCount(0);
    }

    private Page signIn(String username) {
        Page page = browser.signIn(username, TestUsers.PASSWORD);
        assertThat(page.locator(".topbar .user")).hasText(username);
        return page;
    }
}
