package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.identity.Role;
import dev.slipway.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

// The same context as WebhookDeliveryTests, so the two share one Slipway.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "slipway.notify.poll-interval=1h", "slipway.notify.initial-backoff=0s", "slipway.notify.max-attempts=3",
    "slipway.notify.allowed-hosts=localhost"})
class WebhookPortalTests {

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;
    MockHttpSession admin;
    MockHttpSession developer;

    @BeforeEach
    void signIn() throws Exception {
        jdbc.sql("delete from webhook_endpoint").update();
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        var users = new TestUsers(context, port);
        admin = session(users.person("hook-admin", Role.ADMIN));
        developer = session(users.person("hook-dev", Role.DEVELOPER));
    }

    @Test
    void aWebhookWithABadUrlComesBackWithTheErrorBesideTheFieldAndNothingSaved() throws Exception {
        MvcResult result = mvc.perform(post("/admin/webhooks").session(admin).with(csrf()).header("HX-Request", "true")
                .param("name", "Ops").param("url", "ftp://files.example.com/hook").param("events", "access-request.create"))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String form = result.getResponse().getContentAsString();
        assertThat(form).doesNotContain("<html").contains("<form", "id=\"url-error\"",
                "must be an absolute http:// or https:// URL");
        assertThat(form).contains("value=\"ftp://files.example.com/hook\"");
        assertThat(webhookCount()).isZero();
    }

    @Test
    void aWebhookAimedAtAnInternalAddressComesBackWithTheErrorBesideTheUrlAndNothingSaved() throws Exception {
        MvcResult result = mvc.perform(post("/admin/webhooks").session(admin).with(csrf()).header("HX-Request", "true")
                .param("name", "Metadata").param("url", "http://169.254.169.254/latest/meta-data/")
                .param("events", "access-request.create")).andReturn();

        String form = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(form).contains("<form", "id=\"url-error\"", "169.254.169.254, a link-local address",
                "slipway.notify.allowed-hosts");
        assertThat(webhookCount()).isZero();
    }

    @Test
    void aWebhookNeedsANameAndAnEvent() throws Exception {
        String form = mvc.perform(post("/admin/webhooks").session(admin).with(csrf())
                .param("name", "").param("url", "https://hooks.example.com/x")).andReturn().getResponse()
                .getContentAsString();

        assertThat(form).contains("<html", "id=\"name-error\"", "id=\"events-error\"", "choose at least one event");
        assertThat(webhookCount()).isZero();
    }

    @Test
    void aGeneratedSecretIsShownOnceAndNeverAgain() throws Exception {
        MvcResult created = mvc.perform(post("/admin/webhooks").session(admin).with(csrf())
                .param("name", "Ops").param("url", "https://hooks.example.com/ops")
                .param("events", "access-request.create", "deployment.failed")).andReturn();

        long id = jdbc.sql("select id from webhook_endpoint").query(Long.class).single();
        String secret = jdbc.sql("select secret from webhook_endpoint").query(String.class).single();
        assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/admin/webhooks/" + id);
        assertThat(created.getFlashMap().get("createdSecret")).isEqualTo(secret);
        assertThat(secret).hasSizeGreaterThan(32);
        String redirectedTo = page("/admin/webhooks/" + id);
        String again = page("/admin/webhooks/" + id);
        String edit = page("/admin/webhooks/" + id + "/edit");
        assertThat(redirectedTo).contains("id=\"created-secret\">" + secret + "<");
        assertThat(again).contains("Ops", "access-request.create", "deployment.failed").doesNotContain(secret);
        assertThat(edit).doesNotContain(secret);
    }

    @Test
    void savingWithABlankSecretKeepsTheOldOne() throws Exception {
        mvc.perform(post("/admin/webhooks").session(admin).with(csrf()).param("name", "Ops")
                .param("url", "https://hooks.example.com/ops").param("secret", "the-first-secret-given")
                .param("events", "access-request.create")).andReturn();
        long id = jdbc.sql("select id from webhook_endpoint").query(Long.class).single();

        mvc.perform(post("/admin/webhooks/" + id).session(admin).with(csrf()).param("name", "Ops renamed")
                .param("url", "https://hooks.example.com/ops").param("secret", "")
                .param("events", "access-grant.create")).andReturn();

        assertThat(jdbc.sql("select name || ' ' || secret || ' ' || array_to_string(events, ',') from webhook_endpoint")
                .query(String.class).single()).isEqualTo("Ops renamed the-first-secret-given access-grant.create");
    }

    @Test
    void aTestNotificationIsQueuedAndAudited() throws Exception {
        mvc.perform(post("/admin/webhooks").session(admin).with(csrf()).param("name", "Ops")
                .param("url", "https://hooks.example.com/ops").param("events", "access-request.create")).andReturn();
        long id = jdbc.sql("select id from webhook_endpoint").query(Long.class).single();

        MvcResult result = mvc.perform(post("/admin/webhooks/" + id + "/test").session(admin).with(csrf())).andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/webhooks/" + id);
        assertThat(jdbc.sql("select event || ' ' || state from webhook_delivery where endpoint_id = ?").param(id)
                .query(String.class).single()).isEqualTo("webhook.test PENDING");
        assertThat(jdbc.sql("select payload from webhook_delivery where endpoint_id = ?").param(id)
                .query(String.class).single()).contains("\"text\":\"Slipway test notification");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'webhook.test' and target_id = ?")
                .param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aFailedDeliveryCanBeRetriedNow() throws Exception {
        mvc.perform(post("/admin/webhooks").session(admin).with(csrf()).param("name", "Ops")
                .param("url", "https://hooks.example.com/ops").param("events", "access-request.create")).andReturn();
        long id = jdbc.sql("select id from webhook_endpoint").query(Long.class).single();
        long delivery = jdbc.sql("""
                insert into webhook_delivery (endpoint_id, event, payload, state, attempts, next_attempt_at, last_status,
                    created_at)
                values (?, 'access-request.create', '{}', 'FAILED', 3, now() - interval '1 day', 500, now()) returning id""")
                .param(id).query(Long.class).single();

        mvc.perform(post("/admin/webhooks/" + id + "/deliveries/" + delivery + "/retry").session(admin).with(csrf()))
                .andReturn();

        assertThat(jdbc.sql("select state from webhook_delivery where id = ?").param(delivery).query(String.class)
                .single()).isEqualTo("PENDING");
        assertThat(jdbc.sql("select next_attempt_at <= now() from webhook_delivery where id = ?").param(delivery)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void theDetailPageShowsEachDeliveryWithItsAttempts() throws Exception {
        mvc.perform(post("/admin/webhooks").session(admin).with(csrf()).param("name", "Ops")
                .param("url", "https://hooks.example.com/ops").param("events", "access-request.create")).andReturn();
        long id = jdbc.sql("select id from webhook_endpoint").query(Long.class).single();
        long delivery = jdbc.sql("""
                insert into webhook_delivery (endpoint_id, event, payload, state, attempts, next_attempt_at, last_status,
                    created_at)
                values (?, 'access-request.create', '{}', 'FAILED', 2, now(), 502, now()) returning id""")
                .param(id).query(Long.class).single();
        jdbc.sql("""
                insert into webhook_attempt (delivery_id, at, status_code, error, duration_ms)
                values (?, now(), null, 'ConnectException', 3), (?, now(), 502, null, 41)""")
                .params(delivery, delivery).update();
        jdbc.sql("""
                insert into webhook_delivery (endpoint_id, event, payload, state, attempts, next_attempt_at, created_at)
                values (?, 'webhook.test', '{}', 'PENDING', 0, '2999-01-01T00:00:00Z', now())""").param(id).update();

        String detail = page("/admin/webhooks/" + id);
        String list = page("/admin/webhooks");

        assertThat(detail).contains("HTTP 502", "2 attempts", "ConnectException", "(41 ms)", "Retry now",
                "/admin/webhooks/" + id + "/deliveries/" + delivery + "/retry", "state-failed");
        assertThat(detail).contains("state-pending", "2999-01-01 00:00:00");
        assertThat(list).contains("Ops", "https://hooks.example.com/ops", "state-pending");
    }

    @Test
    void aDeveloperMayNotSeeOrCreateWebhooks() throws Exception {
        int list = mvc.perform(get("/admin/webhooks").session(developer)).andReturn().getResponse().getStatus();
        int create = mvc.perform(post("/admin/webhooks").session(developer).with(csrf()).param("name", "Mine")
                .param("url", "https://hooks.example.com/mine").param("events", "access-request.create")).andReturn()
                .getResponse().getStatus();

        assertThat(list).isEqualTo(403);
        assertThat(create).isEqualTo(403);
        assertThat(webhookCount()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'webhook.create' and outcome = 'DENIED'
                and actor_name = 'hook-dev'""").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theAdminListShowsAnEmptyStateAndTheUsersPageLinksToIt() throws Exception {
        String list = mvc.perform(get("/admin/webhooks").session(admin)).andReturn().getResponse().getContentAsString();
        String users = mvc.perform(get("/admin/users").session(admin)).andReturn().getResponse().getContentAsString();

        assertThat(list).contains("No webhooks yet", "href=\"/admin/webhooks/new\"");
        assertThat(users).contains("href=\"/admin/webhooks\"");
    }

    private MockHttpSession session(String username) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestUsers.PASSWORD))
                .andReturn().getRequest().getSession(false);
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).session(admin)).andReturn().getResponse().getContentAsString();
    }

    private long webhookCount() {
        return jdbc.sql("select count(*) from webhook_endpoint").query(Long.class).single();
    }
}
