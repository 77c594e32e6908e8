package dev.slipway.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.TestIdentity;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.util.LinkedHashMap;
import java.util.Map;
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

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogPortalTests {

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    @Autowired
    TeamCatalog teams;

    @Autowired
    ServiceCatalog services;

    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;
    MockHttpSession session;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        new TestUsers(context, port).person("portal-admin", Role.ADMIN);
        session = (MockHttpSession) mvc.perform(formLogin("/login").user("portal-admin").password(TestUsers.PASSWORD))
                .andReturn().getRequest().getSession(false);
        TestIdentity.actAsSystem();
        var catalog = new TestCatalog(context);
        catalog.deleteAllServices();
        catalog.deleteTeams(slug -> true);
        catalog.deleteAllEnvironments();
        teams.create(new TeamRequest("payments", "Payments", null, null));
        services.create(new ServiceRequest("checkout-api", "Checkout API", "payments", null, null, null,
                Lifecycle.PRODUCTION, Map.of("project", "checkout")));
        TestIdentity.clear();
    }

    @Test
    void liveSearchGetsOnlyTheResultsFragment() throws Exception {
        String fragment = body(mvc.perform(get("/services").session(session).param("q", "checkout")
                .header("HX-Request", "true").header("HX-Target", "results")).andReturn());

        assertThat(fragment).doesNotContain("<html").contains("id=\"results\"").contains("Checkout API");
    }

    @Test
    void plainRequestGetsTheWholePageWithFiltersKept() throws Exception {
        String page = body(mvc.perform(get("/services").session(session).param("q", "checkout").param("team", "payments")).andReturn());

        assertThat(page).contains("<html", "class=\"mainnav\"", "value=\"checkout\"", "Checkout API");
        assertThat(page).containsPattern("<option value=\"payments\" selected=\"selected\">");
    }

    @Test
    void invalidTeamFormComesBackWithInlineMessagesAndNothingSaved() throws Exception {
        MvcResult result = mvc.perform(post("/teams").session(session).with(csrf()).header("HX-Request", "true")
                .param("slug", "Bad Slug").param("name", "").param("contact", "call me")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String form = body(result);
        assertThat(form).doesNotContain("<html").contains("<form");
        assertThat(form).contains("id=\"slug-error\"", "id=\"name-error\"", "id=\"contact-error\"");
        assertThat(form).contains("value=\"Bad Slug\"");
        assertThat(count("team")).isEqualTo(1);
    }

    @Test
    void duplicateNameIsShownBesideTheField() throws Exception {
        String form = body(mvc.perform(post("/teams").session(session).with(csrf()).header("HX-Request", "true")
                .param("slug", "payments-two").param("name", "payments")).andReturn());

        assertThat(form).contains("id=\"name-error\"").contains("A team named");
        assertThat(count("team")).isEqualTo(1);
    }

    @Test
    void savedFormSendsHtmxToTheNewPageWithAFlashMessage() throws Exception {
        MvcResult result = mvc.perform(post("/teams").session(session).with(csrf()).header("HX-Request", "true")
                .param("slug", "search").param("name", "Search")).andReturn();

        assertThat(result.getResponse().getHeader("HX-Redirect")).isEqualTo("/teams/search");
        assertThat(result.getFlashMap().get("flashSuccess")).isEqualTo("Team Search created.");
        assertThat(jdbc.sql("select name from team where slug = 'search'").query(String.class).single())
                .isEqualTo("Search");
    }

    @Test
    void deletingATeamWithServicesIsRefusedWithAMessage() throws Exception {
        MvcResult result = mvc.perform(post("/teams/payments/delete").session(session).with(csrf())).andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/teams/payments");
        assertThat((String) result.getFlashMap().get("flashError")).contains("still owns 1 service");
        assertThat(count("team")).isEqualTo(1);
    }

    @Test
    void aTeamsServiceAccountIsDisabledFromItsPageBeforeTheTeamCanBeDeleted() throws Exception {
        new TestCatalog(context).team("ledger", "Ledger");
        new TestUsers(context, port).serviceAccount("ledger-ci", "Ledger CI", "ledger");

        MvcResult refused = mvc.perform(post("/teams/ledger/delete").session(session).with(csrf())).andReturn();

        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/teams/ledger");
        assertThat((String) refused.getFlashMap().get("flashError")).contains("enabled service account ledger-ci",
                "Admin → Service accounts");
        String page = body(mvc.perform(get("/admin/service-accounts/ledger-ci").session(session)).andReturn());
        assertThat(page).contains("name=\"enabled\" value=\"false\"", ">Disable</button>");

        MvcResult disabled = mvc.perform(post("/admin/users/ledger-ci/enabled").param("enabled", "false")
                .session(session).with(csrf())).andReturn();
        MvcResult deleted = mvc.perform(post("/teams/ledger/delete").session(session).with(csrf())).andReturn();

        assertThat(disabled.getResponse().getRedirectedUrl()).isEqualTo("/admin/service-accounts/ledger-ci");
        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/teams");
        assertThat(jdbc.sql("select count(*) from team where slug = 'ledger'").query(Long.class).single()).isZero();
        MvcResult enabled = mvc.perform(post("/admin/users/ledger-ci/enabled").param("enabled", "true")
                .session(session).with(csrf())).andReturn();
        assertThat((String) enabled.getFlashMap().get("flashError")).contains("which was deleted");
    }

    @Test
    void environmentPositionMustBeANumber() throws Exception {
        String form = body(mvc.perform(post("/environments").session(session).with(csrf()).header("HX-Request", "true")
                .param("slug", "qa").param("name", "QA").param("position", "first")).andReturn());

        assertThat(form).contains("id=\"position-error\"").contains("must be a whole number");
        assertThat(jdbc.sql("select count(*) from environment").query(Long.class).single()).isZero();
    }

    @Test
    void everyFormPageShowsItsFieldsWithTheirLabels() throws Exception {
        mvc.perform(post("/environments").session(session).with(csrf()).param("slug", "qa").param("name", "QA"));
        var pages = new LinkedHashMap<String, String[]>();
        pages.put("/teams/new", new String[] {"<label for=\"slug\">Slug</label>", "id=\"contact\""});
        pages.put("/services/checkout-api/edit", new String[] {"id=\"team\"", "Pick a team…", "id=\"costTags\"",
                "<code>key=value</code>", "readonly"});
        pages.put("/environments/qa/edit", new String[] {"name=\"_production\"", "Production environment",
                "<code>{team}-{env}</code>"});
        pages.put("/environments/qa/freezes", new String[] {"<label for=\"freeze-day\">Day</label>",
                "value=\"5\" selected", "id=\"freeze-weekly-reason\"", "type=\"datetime-local\""});
        pages.put("/services/checkout-api/environments/qa/settings", new String[] {"id=\"replicas\"",
                "<code>NAME=value</code>"});
        pages.put("/services/checkout-api/releases", new String[] {"<label for=\"release-version\">Version</label>"});
        pages.put("/admin/users/new", new String[] {"type=\"password\"", "name=\"roles\"", "user&#39;s sessions"});
        pages.put("/admin/service-accounts", new String[] {"<label for=\"sa-username\">Name</label>", "id=\"sa-team\""});
        pages.put("/admin/webhooks/new", new String[] {"type=\"url\"", "name=\"events\""});
        pages.put("/account", new String[] {"id=\"currentPassword\"", "id=\"token-lifetime\"", "90 days",
                "class=\"tags\""});
        pages.put("/access/grants/new", new String[] {"id=\"granteeKind\"", "id=\"startsAt\"", "name=\"actions\""});
        pages.put("/costs/imports", new String[] {"<label for=\"files\">Files</label>", "multiple"});
        pages.put("/costs/allocation", new String[] {"<label for=\"slug\">Counts as</label>", "class=\"radios\""});
        for (var page : pages.entrySet()) {
            MvcResult result = mvc.perform(get(page.getKey()).session(session)).andReturn();
            assertThat(result.getResponse().getStatus()).as(page.getKey()).isEqualTo(200);
            assertThat(body(result)).as(page.getKey()).contains(page.getValue()).doesNotContain("field-error");
        }
    }

    @Test
    void formPostWithoutCsrfTokenIsRefused() throws Exception {
        MvcResult result = mvc.perform(post("/teams").session(session).param("slug", "x").param("name", "X")).andReturn();


        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(count("team")).isEqualTo(1);
    }

    @Test
    void unknownPagesAndRecordsGetTheNotFoundPageInTheLayout() {
        var portal = new PortalClient(port);
        portal.signIn("portal-admin", TestUsers.PASSWORD);
        for (String path : new String[] {"/no-such-page", "/services/no-such-service", "/teams/nope/edit"}) {
            var response = portal.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("class=\"topbar\"", "Page not found");
        }
    }

    @Test
    void pagesCarryAContentSecurityPolicyThatAllowsOnlyOwnScripts() {
        var response = new HttpApi(port).get("/login");

        assertThat(response.header("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }
}
