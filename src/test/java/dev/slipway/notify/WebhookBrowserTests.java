package dev.slipway.notify;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.slipway.identity.Role;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.BrowserExtension;
import dev.slipway.testsupport.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "slipway.notify.allowed-hosts=localhost")
@ExtendWith(BrowserExtension.class)
class WebhookBrowserTests {

    Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void anAdministratorAddsAWebhookCopiesItsSecretOnceAndSeesATestNotificationDelivered() {
        new TestUsers(context, port).person("hook-admin", Role.ADMIN);
        try (var receiver = WebhookReceiver.answering(200)) {
            Page admin = browser.signIn("hook-admin", TestUsers.PASSWORD);
            admin.navigate("/admin/users");
            admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Webhooks")).click();
            admin.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New webhook")).first().click();
            admin.getByLabel("Name").fill("Ops channel");
            admin.getByLabel("URL").fill(receiver.url());
            admin.getByText("Production access requested").click();
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create webhook")).click();

            String secret = admin.locator("#created-secret").textContent().strip();
            assertThat(admin.locator("#created-secret")).not().isEmpty();
            admin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send test")).click();

            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received().isEmpty());
            var received = receiver.received().get(0);
            Assertions.assertThat(received.header("X-Slipway-Signature"))
                    .isEqualTo(WebhookSignature.of(secret, received.body()));
            Assertions.assertThat(new String(received.body(), StandardCharsets.UTF_8))
                    .contains("\"text\":\"Slipway test notification");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                admin.reload();
                return admin.locator("table").textContent().contains("delivered");
            });
            assertThat(admin.locator("#created-secret")).hasCount(0);
            Browser.screenshot(admin, "webhook-delivered");
        }
    }
}
