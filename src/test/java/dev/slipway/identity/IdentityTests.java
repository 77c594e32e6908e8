package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    WebApplicationContext web;

    @Autowired
    JdbcClient jdbc;

    TestUsers users;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        users = new TestUsers(context, port);
        mvc = MockMvcBuilders.webAppContextSetup(web).apply(springSecurity()).build();
    }

    @Test
    void firstStartCreatesAnAdministrator() {
        assertThat(jdbc.sql("""
                select count(*) from app_user u join user_role r on r.user_id = u.id
                where u.username = 'admin' and r.role = 'ADMIN' and u.enabled""").query(Long.class).single()).isOne();
    }

    @Test
    void tokenSecretIsStoredOnlyAsItsHash() {
        users.person("hash-owner", Role.DEVELOPER);
        String secret = users.token("hash-owner", null, Scope.CATALOG_READ);

        assertThat(secret).startsWith("slw_").hasSize(47);
        String row = jdbc.sql("select t::text from api_token t where t.owner_id = (select id from app_user where username = 'hash-owner')")
                .query(String.class).single();
        assertThat(row).doesNotContain(secret).doesNotContain(secret.substring(4));
        assertThat(row).contains(TokenSecrets.hash(secret));
        assertThat(new HttpApi(port).withToken(secret).get("/api/v1/services").status()).isEqualTo(200);
    }

    @Test
    void tokenUseIsRecordedWithTimeAndAddress() {
        users.person("usage-owner", Role.DEVELOPER);
        String secret = users.token("usage-owner", null, Scope.CATALOG_READ);

        new HttpApi(port).withToken(secret).get("/api/v1/teams");

        var used = jdbc.sql("select last_used_at is not null, last_used_address from api_token where secret_hash = ?")
                .param(TokenSecrets.hash(secret)).query((rs, i) -> List.of(rs.getBoolean(1), rs.getString(2))).single();
        assertThat(used.get(0)).isEqualTo(true);
        assertThat((String) used.get(1)).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void revokedTokenStopsOnItsNextRequest() {
        users.person("revoker", Role.DEVELOPER);
        String secret = users.token("revoker", null, Scope.CATALOG_READ);
        var api = new HttpApi(port).withToken(secret);
        assertThat(api.get("/api/v1/teams").status()).isEqualTo(200);
        long id = jdbc.sql("select id from api_token where secret_hash = ?").param(TokenSecrets.hash(secret))
                .query(Long.class).single();

        assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(200);

        var refused = api.get("/api/v1/teams");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(refused.json().get("detail").asString()).contains("revoked");
    }

    @Test
    void disablingAUserStopsATokenTheyUsedAMomentBefore() {
        users.person("quick-leaver", Role.DEVELOPER);
        var api = new HttpApi(port).withToken(users.token("quick-leaver", null, Scope.CATALOG_READ));
        assertThat(api.get("/api/v1/teams").status()).isEqualTo(200);

        users.disable("quick-leaver");

        assertThat(api.get("/api/v1/teams").status()).isEqualTo(401);
    }

    @Test
    void aMembershipRemovedIsFeltByATokenUsedAMomentBefore() {
        users.person("recent-admin", Role.ADMIN);
        var admin = new HttpApi(port).withToken(users.token("recent-admin", null, Scope.values()));
        admin.post("/api/v1/teams", "{\"slug\": \"recent-tokens\", \"name\": \"Recent tokens\"}");
        users.person("mover", Role.DEVELOPER);
        users.member("recent-tokens", "mover", TeamRole.MEMBER);
        var api = new HttpApi(port).withToken(users.token("mover", null, Scope.CATALOG_READ, Scope.CATALOG_WRITE));
        assertThat(api.post("/api/v1/services", """
                {"slug": "mover-one", "name": "Mover one", "team": "recent-tokens"}""").status()).isEqualTo(201);

        context.getBean(AccessPolicy.class).asSystem(() -> {
            context.getBean(UserDirectory.class).removeMember("recent-tokens", "mover");
        });

        assertThat(api.post("/api/v1/services", """
                {"slug": "mover-two", "name": "Mover two", "team": "recent-tokens"}""").status()).isEqualTo(403);
    }

    @Test
    void aTokenRevokedStraightInTheDatabaseStopsWithinTheCacheTime() {
        users.person("sql-revoked", Role.DEVELOPER);
        String secret = users.token("sql-revoked", null, Scope.CATALOG_READ);
        var api = new HttpApi(port).withToken(secret);
        assertThat(api.get("/api/v1/teams").status()).isEqualTo(200);

        // As another replica's revocation looks from here: no event in this process.
        jdbc.sql("update api_token set revoked_at = now() where secret_hash = ?").param(TokenSecrets.hash(secret)).update();
        Duration cacheTime = context.getBean(IdentityProperties.class).tokens().cacheTime();

        await().atMost(cacheTime.plusMillis(500)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/teams").status() == 401);
    }

    @Test
    void aTokenCannotMintATokenWithMoreScopes() {
        users.person("minter", Role.DEVELOPER);
        var api = new HttpApi(port).withToken(users.token("minter", null, Scope.CATALOG_READ));

        var refused = api.post("/api/v1/tokens", "{\"name\": \"wider\", \"scopes\": [\"catalog:read\", \"catalog:write\"]}");
        var allowed = api.post("/api/v1/tokens", "{\"name\": \"same\", \"scopes\": [\"catalog:read\"]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("scopes");
        assertThat(allowed.status()).isEqualTo(201);
    }

    @Test
    void basicAuthenticationIsAcceptedOnlyToMintATokenAndBadScopesAreNamed() {
        users.person("basic-user", Role.DEVELOPER);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("basic-user:" + TestUsers.PASSWORD).getBytes());
        var api = new HttpApi(port);

        var elsewhere = api.send("GET", "/api/v1/teams", null, Map.of("Authorization", basic));
        var badScope = api.send("POST", "/api/v1/tokens", "{\"name\": \"x\", \"scopes\": [\"everything\"]}",
                Map.of("Authorization", basic, "Content-Type", "application/json"));

        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.json().get("detail").asString()).contains("catalog:read");
    }

    @Test
    void disablingAUserEndsTheirSessionAndStopsTheirTokensAtOnce() {
        users.person("leaver", Role.DEVELOPER);
        String secret = users.token("leaver", null, Scope.CATALOG_READ);
        var portal = new PortalClient(port);
        portal.signIn("leaver", TestUsers.PASSWORD);
        assertThat(portal.get("/services").status()).isEqualTo(200);

        users.disable("leaver");

        var ended = portal.get("/services");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.header("Location")).endsWith("/login?ended");
        assertThat(new HttpApi(port).withToken(secret).get("/api/v1/teams").status()).isEqualTo(401);
        var again = new PortalClient(port).signIn("leaver", TestUsers.PASSWORD);
        assertThat(again.header("Location")).contains("/login?error");
    }

    @Test
    void aNewRoleTakesEffectOnTheNextRequest() {
        users.person("promoted", Role.DEVELOPER);
        var portal = new PortalClient(port);
        portal.signIn("promoted", TestUsers.PASSWORD);
        assertThat(portal.get("/admin/users").status()).isEqualTo(403);

        jdbc.sql("insert into user_role (user_id, role) select id, 'ADMIN' from app_user where username = 'promoted'").update();

        assertThat(portal.get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void signingInChangesTheSessionId() throws Exception {
        users.person("fixated", Role.DEVELOPER);
        var before = new MockHttpSession();
        mvc.perform(get("/login").session(before));
        String idBefore = before.getId();

        var signedIn = mvc.perform(post("/login").session(before).with(csrf())
                .param("username", "fixated").param("password", TestUsers.PASSWORD)).andReturn();

        assertThat(signedIn.getRequest().getSession().getId()).isNotEqualTo(idBefore);
        assertThat(signedIn.getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void signingOutEndsTheSession() {
        users.person("goer", Role.DEVELOPER);
        var portal = new PortalClient(port);
        portal.signIn("goer", TestUsers.PASSWORD);

        var out = portal.post("/logout", Map.of());

        assertThat(out.header("Location")).endsWith("/login?logout");
        assertThat(portal.get("/services").status()).isEqualTo(302);
    }

    @Test
    void expiredHtmxRequestIsSentToTheLoginPageNotGivenItAsAFragment() {
        var response = new HttpApi(port).send("GET", "/services?q=x", null, Map.of("HX-Request", "true",
                "HX-Target", "results"));

        // htmx reloads the whole page (HX-Refresh), and that plain request is sent to the login page.
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("HX-Refresh")).isEqualTo("true");
        assertThat(response.body()).doesNotContain("<form");
        assertThat(new HttpApi(port).send("GET", "/services?q=x", null, Map.of()).header("Location"))
                .endsWith("/login");
    }

    @Test
    void changingYourPasswordRequiresTheCurrentOneAndEndsOtherSessions() {
        users.person("changer", Role.DEVELOPER);
        var first = new PortalClient(port);
        first.signIn("changer", TestUsers.PASSWORD);
        var second = new PortalClient(port);
        second.signIn("changer", TestUsers.PASSWORD);

        var wrong = first.post("/account/password", Map.of("currentPassword", "nope", "newPassword",
                "a-brand-new-password", "repeatPassword", "a-brand-new-password"));
        assertThat(wrong.body()).contains("is not your current password");

        first.post("/account/password", Map.of("currentPassword", TestUsers.PASSWORD, "newPassword",
                "a-brand-new-password", "repeatPassword", "a-brand-new-password"));

        assertThat(second.get("/services").header("Location")).endsWith("/login?ended");
        assertThat(new PortalClient(port).signIn("changer", "a-brand-new-password").header("Location"))
                .doesNotContain("error");
    }

    @Test
    void pagesSendSecurityHeadersAndTheSessionCookieIsHttpOnly() {
        var login = new HttpApi(port).get("/login");

        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.headers().get("set-cookie")).anySatisfy(cookie ->
                assertThat(cookie).contains("JSESSIONID").contains("HttpOnly").contains("SameSite=Lax"));
    }
}
