package dev.slipway.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.testsupport.HttpApi;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        jdbc.sql("delete from service").update();
        jdbc.sql("delete from team").update();
        jdbc.sql("delete from environment").update();
        teams.create(new TeamRequest("payments", "Payments", null, null));
        services.create(new ServiceRequest("checkout-api", "Checkout API", "payments", null, null, null,
                Lifecycle.PRODUCTION, Map.of("project", "checkout")));
    }

    @Test
    void liveSearchGetsOnlyTheResultsFragment() throws Exception {
        String fragment = body(mvc.perform(get("/services").param("q", "checkout")
                .header("HX-Request", "true").header("HX-Target", "results")).andReturn());

        assertThat(fragment).doesNotContain("<html").contains("id=\"results\"").contains("Checkout API");
    }

    @Test
    void plainRequestGetsTheWholePageWithFiltersKept() throws Exception {
        String page = body(mvc.perform(get("/services").param("q", "checkout").param("team", "payments")).andReturn());

        assertThat(page).contains("<html", "class=\"mainnav\"", "value=\"checkout\"", "Checkout API");
        assertThat(page).containsPattern("<option value=\"payments\" selected=\"selected\">");
    }

    @Test
    void invalidTeamFormComesBackWithInlineMessagesAndNothingSaved() throws Exception {
        MvcResult result = mvc.perform(post("/teams").with(csrf()).header("HX-Request", "true")
                .param("slug", "Bad Slug").param("name", "").param("contact", "call me")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String form = body(result);
        assertThat(form).doesNotContain("<html").contains("<form");
        assertThat(form).contains("id=\"slug-error\"", "id=\"name-error\"", "id=\"contact-error\"");
        assertThat(form).contains("value=\"Bad Slug\"");
        assertThat(teams.count()).isEqualTo(1);
    }

    @Test
    void duplicateNameIsShownBesideTheField() throws Exception {
        String form = body(mvc.perform(post("/teams").with(csrf()).header("HX-Request", "true")
                .param("slug", "payments-two").param("name", "payments")).andReturn());

        assertThat(form).contains("id=\"name-error\"").contains("A team named");
        assertThat(teams.count()).isEqualTo(1);
    }

    @Test
    void savedFormSendsHtmxToTheNewPageWithAFlashMessage() throws Exception {
        MvcResult result = mvc.perform(post("/teams").with(csrf()).header("HX-Request", "true")
                .param("slug", "search").param("name", "Search")).andReturn();

        assertThat(result.getResponse().getHeader("HX-Redirect")).isEqualTo("/teams/search");
        assertThat(result.getFlashMap().get("flashSuccess")).isEqualTo("Team Search created.");
        assertThat(teams.get("search").name()).isEqualTo("Search");
    }

    @Test
    void deletingATeamWithServicesIsRefusedWithAMessage() throws Exception {
        MvcResult result = mvc.perform(post("/teams/payments/delete").with(csrf())).andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/teams/payments");
        assertThat((String) result.getFlashMap().get("flashError")).contains("still owns 1 service");
        assertThat(teams.count()).isEqualTo(1);
    }

    @Test
    void environmentPositionMustBeANumber() throws Exception {
        String form = body(mvc.perform(post("/environments").with(csrf()).header("HX-Request", "true")
                .param("slug", "qa").param("name", "QA").param("position", "first")).andReturn());

        assertThat(form).contains("id=\"position-error\"").contains("must be a whole number");
        assertThat(jdbc.sql("select count(*) from environment").query(Long.class).single()).isZero();
    }

    @Test
    void formPostWithoutCsrfTokenIsRefused() throws Exception {
        MvcResult result = mvc.perform(post("/teams").param("slug", "x").param("name", "X")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(teams.count()).isEqualTo(1);
    }

    @Test
    void unknownPagesAndRecordsGetTheNotFoundPageInTheLayout() {
        var api = new HttpApi(port);
        for (String path : new String[] {"/no-such-page", "/services/no-such-service", "/teams/nope/edit"}) {
            var response = api.send("GET", path, null, Map.of("Accept", "text/html"));
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("class=\"topbar\"", "Page not found");
        }
    }

    @Test
    void pagesCarryAContentSecurityPolicyThatAllowsOnlyOwnScripts() {
        var response = new HttpApi(port).get("/services");

        assertThat(response.header("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }
}
