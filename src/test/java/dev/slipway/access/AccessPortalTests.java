package dev.slipway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Access pages' forms: what they propose, and how they refuse bad input. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessPortalTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void fixture() {
        new AccessFixture(context, jdbc, new TestUsers(context, port)).reset();
    }

    @Test
    void anAdministratorsGrantWithMistakesIsShownAgainWithEveryMistakeBesideItsFieldAndNothingIsSaved() {
        var admin = new PortalClient(port);
        admin.signIn("vault-admin1", TestUsers.PASSWORD);
        assertThat(admin.get("/access/grants/new?service=locker").body()).contains("Grant production access")
                .contains("value=\"locker\"");
        long before = jdbc.sql("select count(*) from access_grant").query(Long.class).single();

        var page = admin.post("/access/grants", Map.of("granteeKind", "user", "grantee", "nobody-here",
                "services", "locker, yard", "environments", "stage", "actions", "deploy", "duration", "PT1H", "reason", ""));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("there is no user &#39;nobody-here&#39;")
                .contains("&#39;yard&#39; belongs to team &#39;elsewhere&#39;")
                .contains("&#39;stage&#39; is not a production environment")
                .contains("is required: say why, or give a ticket id");
        assertThat(jdbc.sql("select count(*) from access_grant").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void theRequestFormProposesTheNarrowestScopeItWasOpenedFor() {
        var developer = new PortalClient(port);
        developer.signIn("vault-dev", TestUsers.PASSWORD);

        String form = developer.get("/access/requests/new?service=safe&environment=prod-us&action=rollback&duration=PT30M").body();

        assertThat(form).contains("value=\"safe\"").contains("<option value=\"vault\" selected=\"selected\">vault</option>")
                .containsPattern("value=\"prod-us\"\\s+checked=\"checked\"")
                .containsPattern("value=\"rollback\"\\s+checked=\"checked\"")
                .contains("<option value=\"PT30M\" selected=\"selected\">30 min</option>");
    }

    @Test
    void administratorsCannotGrantThemselvesAccessAndMustRequestItLikeEveryoneElse() {
        var admin = new PortalClient(port);
        admin.signIn("vault-admin1", TestUsers.PASSWORD);

        var refused = admin.post("/access/grants", Map.of("granteeKind", "user", "grantee", "vault-admin1",
                "services", "locker", "environments", "prod-eu", "actions", "deploy", "duration", "PT1H", "reason", "me"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from access_grant where subject_name = 'vault-admin1'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select outcome from audit_event where action = 'access-grant.create' order by seq desc limit 1")
                .query(String.class).single()).isEqualTo("DENIED");
    }
}
