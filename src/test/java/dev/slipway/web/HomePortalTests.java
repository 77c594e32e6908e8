package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.TestAudit;
import dev.slipway.testsupport.TestUsers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

// The same context as HomeBrowserTests: the demo organisation and the fixture's people.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"slipway.demo.enabled=true",
        "slipway.cost.alert-interval=PT1H"})
class HomePortalTests {

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void setUp() throws InterruptedException {
        HomeFixture.prepare(context, port);
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void aDevelopersHomeLoadsOnlyTheDeveloperPanelsEachOnItsOwn() throws Exception {
        String page = body(panel(HomeFixture.DEVELOPER, "/", false));

        assertThat(page).contains("hx-get=\"/home/panels/services\"", "hx-trigger=\"load\"", "Loading…",
                "/home/panels/deployments", "/home/panels/grants", "/home/panels/requests");
        assertThat(page).doesNotContain("/home/panels/spend", "/home/panels/approvals", "/home/panels/audit-chain");
    }

    @Test
    void aPanelAnswersAnHtmxRequestWithJustItsFragment() throws Exception {
        MvcResult result = panel(HomeFixture.FINANCE, "/home/panels/spend", true);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(result)).doesNotContain("<html").contains("id=\"panel-spend\"", "This month&#39;s spend");
    }

    @Test
    void aDeveloperMayNotReadTheAdministratorsOrFinancePanels() throws Exception {
        for (String name : new String[] {"approvals", "freeze-overrides", "audit-chain", "drift", "failures", "spend",
                "cost-alerts"}) {
            assertThat(panel(HomeFixture.DEVELOPER, "/home/panels/" + name, true).getResponse().getStatus())
                    .as(name).isEqualTo(403);
        }
        assertThat(new TestAudit(context).addresses("access.grant", "approvals")).isNotEmpty();
    }

    @Test
    void financeMayNotReadADevelopersPanelsThoughTheCatalogIsOpenToThem() throws Exception {
        MvcResult refused = panel(HomeFixture.FINANCE, "/home/panels/services", true);

        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(new TestAudit(context).addresses("catalog.read", "services")).isNotEmpty();
        assertThat(panel(HomeFixture.FINANCE, "/home/panels/audit-chain", true).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void anUnknownPanelIsNotFound() throws Exception {
        assertThat(panel(HomeFixture.ADMIN, "/home/panels/weather", true).getResponse().getStatus()).isEqualTo(404);
    }

    private MvcResult panel(String username, String path, boolean htmx) throws Exception {
        var session = (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestUsers.PASSWORD))
                .andReturn().getRequest().getSession(false);
        var request = get(path).session(session);
        return mvc.perform(htmx ? request.header("HX-Request", "true") : request).andReturn();
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
