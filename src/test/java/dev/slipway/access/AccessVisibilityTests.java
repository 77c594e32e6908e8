package dev.slipway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who reads grants and requests, with their reasons: holders their own, maintainers their team's,
 * administrators all, nobody else; and a team-restricted token acts only on its team's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessVisibilityTests {

    static final String GRANT_LOCKER = """
            {"grantee": "vault-dev", "actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"],
             "duration": "PT1H", "reason": "secret incident INC-7"}""";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    TestUsers users;
    HttpApi dev;
    HttpApi maintainer;
    HttpApi admin;
    HttpApi outsider;

    @BeforeEach
    void people() {
        users = new TestUsers(context, port);
        new AccessFixture(context, jdbc, users).reset();
        dev = new HttpApi(port).withToken(users.token("vault-dev", null, Scope.values()));
        maintainer = new HttpApi(port).withToken(users.token("vault-maint", null, Scope.values()));
        admin = new HttpApi(port).withToken(users.token("vault-admin1", null, Scope.values()));
        outsider = new HttpApi(port).withToken(users.token("outsider", null, Scope.values()));
    }

    @Test
    void theGrantListShowsHolderMaintainerAndAdministratorTheGrantAndAnOutsiderNothing() {
        long grant = admin.post("/api/v1/access/grants", GRANT_LOCKER).json().get("id").asLong();

        assertThat(grantIds(outsider)).isEmpty();
        assertThat(grantIds(dev)).contains(grant);
        assertThat(grantIds(maintainer)).contains(grant);
        assertThat(grantIds(admin)).contains(grant);
    }

    @Test
    void aGrantByIdIsNotFoundForAnOutsiderAndTheAttemptIsRecorded() {
        long grant = admin.post("/api/v1/access/grants", GRANT_LOCKER).json().get("id").asLong();

        var hidden = outsider.get("/api/v1/access/grants/" + grant);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.header("Content-Type")).contains("application/problem+json");
        assertThat(hidden.body()).doesNotContain("INC-7");
        assertThat(lastOutcome("access-grant.read", grant)).isEqualTo("DENIED");
        for (HttpApi reader : List.of(dev, maintainer, admin)) {
            assertThat(reader.get("/api/v1/access/grants/" + grant).json().get("reason").asString())
                    .isEqualTo("secret incident INC-7");
        }
    }

    @Test
    void theRequestListShowsRequesterMaintainerAndAdministratorTheRequestAndAnOutsiderNothing() {
        long request = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();

        assertThat(requestIds(outsider)).isEmpty();
        assertThat(requestIds(dev)).contains(request);
        assertThat(requestIds(maintainer)).contains(request);
        assertThat(requestIds(admin)).contains(request);
    }

    @Test
    void aRequestByIdIsNotFoundForAnOutsiderButReadableByRequesterMaintainerAndAdministrator() {
        long request = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();

        var hidden = outsider.get("/api/v1/access/requests/" + request);

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain("INC-42");
        assertThat(lastOutcome("access-request.read", request)).isEqualTo("DENIED");
        for (HttpApi reader : List.of(dev, maintainer, admin)) {
            assertThat(reader.get("/api/v1/access/requests/" + request).json().get("reason").asString())
                    .isEqualTo("INC-42 hotfix");
        }
    }

    @Test
    void theGrantOfAnApprovedRequestIsReadByItsApproverAndHiddenFromAnOutsider() {
        long request = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        long grant = admin.post("/api/v1/access/requests/" + request + "/approve", "{}").json().get("grantId").asLong();

        assertThat(new HttpApi(port).withToken(users.token("vault-admin2", null, Scope.CATALOG_READ))
                .get("/api/v1/access/grants/" + grant).status()).isEqualTo(200);
        assertThat(outsider.get("/api/v1/access/grants/" + grant).status()).isEqualTo(404);
    }

    @Test
    void thePortalsRequestPageRefusesAnOutsiderAndShowsTheRequester() {
        long request = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        var stranger = new PortalClient(port);
        stranger.signIn("outsider", TestUsers.PASSWORD);
        var requester = new PortalClient(port);
        requester.signIn("vault-dev", TestUsers.PASSWORD);

        var refused = stranger.get("/access/requests/" + request);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("INC-42");
        assertThat(requester.get("/access/requests/" + request).body()).contains("INC-42 hotfix");
    }

    @Test
    void theServicePageShowsEveryoneWhoHoldsAccessButTheReasonOnlyToThoseWhoMayReadTheGrant() {
        admin.post("/api/v1/access/grants", GRANT_LOCKER);
        var stranger = new PortalClient(port);
        stranger.signIn("outsider", TestUsers.PASSWORD);
        var teamMaintainer = new PortalClient(port);
        teamMaintainer.signIn("vault-maint", TestUsers.PASSWORD);

        var strangersCard = stranger.get("/services/locker/access");

        assertThat(strangersCard.body()).contains("vault-dev").doesNotContain("INC-7");
        assertThat(teamMaintainer.get("/services/locker/access").body()).contains("vault-dev").contains("INC-7");
    }

    @Test
    void aTokenRestrictedToOneTeamCannotWithdrawARequestOfAnotherAndNothingChanges() {
        users.person("two-teams", Role.DEVELOPER);
        users.member("vault", "two-teams", TeamRole.MEMBER);
        users.member("elsewhere", "two-teams", TeamRole.MEMBER);
        long request = new HttpApi(port).withToken(users.token("two-teams", null, Scope.values()))
                .post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        var elsewhereOnly = new HttpApi(port).withToken(users.token("two-teams", "elsewhere", Scope.values()));

        var refused = elsewhereOnly.post("/api/v1/access/requests/" + request + "/withdraw", "");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("restricted to team 'elsewhere'");
        assertThat(jdbc.sql("select state from access_request where id = ?").param(request).query(String.class).single())
                .isEqualTo("PENDING");
        assertThat(lastOutcome("access-request.withdraw", request)).isEqualTo("DENIED");
    }

    @Test
    void theRequestersTokenWithoutTheAccessRequestScopeCannotWithdrawIt() {
        long request = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        var readOnly = new HttpApi(port).withToken(users.token("vault-dev", null, Scope.CATALOG_READ));

        var refused = readOnly.post("/api/v1/access/requests/" + request + "/withdraw", "");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope").contains("access:request");
        assertThat(jdbc.sql("select state from access_request where id = ?").param(request).query(String.class).single())
                .isEqualTo("PENDING");
        assertThat(lastOutcome("access-request.withdraw", request)).isEqualTo("DENIED");
    }

    @Test
    void aTokenRestrictedToOneTeamReadsOnlyThatTeamsRequests() {
        users.person("two-teams", Role.DEVELOPER);
        users.member("vault", "two-teams", TeamRole.MEMBER);
        users.member("elsewhere", "two-teams", TeamRole.MEMBER);
        long request = new HttpApi(port).withToken(users.token("two-teams", null, Scope.values()))
                .post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        var elsewhereOnly = new HttpApi(port).withToken(users.token("two-teams", "elsewhere", Scope.values()));

        assertThat(requestIds(elsewhereOnly)).doesNotContain(request);
        assertThat(elsewhereOnly.get("/api/v1/access/requests/" + request).status()).isEqualTo(404);
    }

    private List<Long> grantIds(HttpApi api) {
        return api.get("/api/v1/access/grants?size=100").json().get("items").valueStream().map(g -> g.get("id").asLong())
                .toList();
    }

    private List<Long> requestIds(HttpApi api) {
        return api.get("/api/v1/access/requests?size=100").json().get("items").valueStream()
                .map(r -> r.get("id").asLong()).toList();
    }

    private String lastOutcome(String action, long target) {
        return jdbc.sql("select outcome from audit_event where action = ? and target_id = ? order by seq desc limit 1")
                .params(action, String.valueOf(target)).query(String.class).single();
    }
}
