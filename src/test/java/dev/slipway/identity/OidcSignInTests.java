package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.TestCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(properties = {
    "slipway.identity.oidc.roles-claim=groups",
    "slipway.identity.oidc.role-mapping.ADMIN=slipway-admins",
    "slipway.identity.oidc.role-mapping.DEVELOPER=engineers",
    "slipway.identity.oidc.teams-claim=groups",
    "slipway.identity.oidc.team-prefix=team-"})
class OidcSignInTests {

    @Autowired
    WebApplicationContext web;

    @Autowired
    JdbcClient jdbc;

    @Test
    void claimsBecomeRolesAndTeamMemberships() throws Exception {
        new TestCatalog(web).team("checkout", "Checkout");
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build();

        var page = mvc.perform(get("/admin/users").with(oidcLogin().idToken(token -> token
                .subject("sub-1").claim("preferred_username", "Olivia")
                .claim("groups", List.of("slipway-admins", "engineers", "team-checkout", "team-unknown")))))
                .andReturn();

        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(jdbc.sql("select string_agg(r.role, ',' order by r.role) from user_role r join app_user u on u.id = r.user_id where u.username = 'olivia'")
                .query(String.class).single()).isEqualTo("ADMIN,DEVELOPER");
        assertThat(jdbc.sql("select string_agg(team_slug, ',') from team_membership m join app_user u on u.id = m.user_id where u.username = 'olivia'")
                .query(String.class).single()).isEqualTo("checkout");
    }

    @Test
    void withoutAMappedGroupAPersonGetsNoRole() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build();

        var page = mvc.perform(get("/admin/users").with(oidcLogin().idToken(token -> token
                .subject("sub-2").claim("preferred_username", "visitor").claim("groups", List.of("marketing")))))
                .andReturn();

        assertThat(page.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from user_role r join app_user u on u.id = r.user_id where u.username = 'visitor'")
                .query(Long.class).single()).isZero();
    }
}
