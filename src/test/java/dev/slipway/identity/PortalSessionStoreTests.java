package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Portal sessions live in PostgreSQL (Spring Session JDBC), so that any replica serves any user: what a session
 * holds — the sign-in, the CSRF token, the page asked for before signing in, flash attributes, a sign-in's error,
 * single sign-on's authorization request — is written to the database and read back from it on the next request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.security.oauth2.client.registration.oidc.client-id=slipway",
    "spring.security.oauth2.client.registration.oidc.client-secret=secret",
    "spring.security.oauth2.client.registration.oidc.scope=openid,profile",
    "spring.security.oauth2.client.registration.oidc.authorization-grant-type=authorization_code",
    "spring.security.oauth2.client.registration.oidc.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
    "spring.security.oauth2.client.provider.oidc.authorization-uri=https://sso.example.com/authorize",
    "spring.security.oauth2.client.provider.oidc.token-uri=https://sso.example.com/token",
    "spring.security.oauth2.client.provider.oidc.jwk-set-uri=https://sso.example.com/jwks",
    "spring.security.oauth2.client.provider.oidc.user-name-attribute=sub"})
class PortalSessionStoreTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignInIsARowInTheDatabaseThatSigningOutRemoves() {
        new TestUsers(context, port).person("rowan", Role.DEVELOPER);
        var portal = new PortalClient(port);

        portal.signIn("rowan", TestUsers.PASSWORD);
        assertThat(sessionsOf("rowan")).isEqualTo(1);
        assertThat(portal.get("/account").status()).isEqualTo(200);

        assertThat(portal.post("/logout", Map.of()).header("Location")).endsWith("/login?logout");
        assertThat(sessionsOf("rowan")).isZero();
        assertThat(portal.get("/account").header("Location")).endsWith("/login");
    }

    @Test
    void theSavedRequestAFlashAttributeAndTheCsrfTokenAreReadBackFromTheDatabase() {
        new TestUsers(context, port).person("sasha", Role.DEVELOPER);
        var portal = new PortalClient(port);

        assertThat(portal.get("/services").header("Location")).endsWith("/login");
        assertThat(portal.signIn("sasha", TestUsers.PASSWORD).header("Location"))
                .as("back to the page asked for before signing in").isEqualTo("/services?continue");
        var created = portal.post("/account/tokens", Map.of("name", "laptop", "scopes", "catalog:read"));
        var secret = Pattern.compile("id=\"created-token\">(slw_[^<]+)<").matcher(created.body());
        assertThat(secret.find()).as("a form posted with its CSRF token answers with the new secret").isTrue();
        assertThat(jdbc.sql("select count(*) from spring_session_attributes where position(?::bytea in attribute_bytes) > 0")
                .param(secret.group(1).getBytes(StandardCharsets.UTF_8)).query(Long.class).single())
                .as("the secret never reaches the session's rows").isZero();
        long tokenId = jdbc.sql("select id from api_token where name = 'laptop'").query(Long.class).single();
        assertThat(portal.post("/account/tokens/" + tokenId + "/revoke", Map.of()).header("Location")).endsWith("/account");
        assertThat(portal.get("/account").body()).as("a flash message, carried over the redirect")
                .contains("Token laptop revoked");

        List<Object> stored = attributesOf("sasha");
        assertThat(stored).anySatisfy(value -> assertThat(value).isInstanceOf(CsrfToken.class));
        assertThat(stored).filteredOn(SecurityContext.class::isInstance).singleElement().satisfies(security ->
                assertThat(((SecurityContext) security).getAuthentication().getPrincipal())
                        .as("the session keeps who signed in, not the roles read on a request")
                        .isInstanceOf(SignedInUser.class));
    }

    @Test
    void aFailedSignInKeepsItsReasonInTheDatabaseForTheLoginPage() {
        var portal = new PortalClient(port);

        assertThat(portal.signIn("nobody", "wrong-password").header("Location")).endsWith("/login?error");
        assertThat(portal.get("/login?error").body()).contains("Wrong username or password");
        assertThat(roundTrip(new LoginThrottledException(Instant.parse("2026-01-01T00:00:00Z"))).until())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void singleSignOnKeepsItsAuthorizationRequestAndItsSignInInTheDatabase() {
        var portal = new PortalClient(port);

        assertThat(portal.get("/oauth2/authorization/oidc").header("Location"))
                .startsWith("https://sso.example.com/authorize");
        assertThat(jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list()
                .stream().map(PortalSessionStoreTests::read).toList())
                .anySatisfy(value -> assertThat(value).isInstanceOf(OAuth2AuthorizationRequest.class));

        var idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(300),
                Map.of("sub", "sub-1", "iss", "https://sso.example.com", "groups", List.of("engineers")));
        var signIn = new OAuth2AuthenticationToken(new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")),
                idToken), List.of(new SimpleGrantedAuthority("OIDC_USER")), "oidc");
        var back = (SecurityContext) roundTrip(new SecurityContextImpl(signIn));
        assertThat(((DefaultOidcUser) back.getAuthentication().getPrincipal()).getSubject()).isEqualTo("sub-1");
    }

    private long sessionsOf(String username) {
        return jdbc.sql("select count(*) from spring_session where principal_name = ?").param(username)
                .query(Long.class).single();
    }

    /** Every attribute of the user's sessions, read back as the session store reads it. */
    private List<Object> attributesOf(String username) {
        return jdbc.sql("""
                select a.attribute_bytes from spring_session_attributes a
                join spring_session s on s.primary_id = a.session_primary_id where s.principal_name = ?""")
                .param(username).query(byte[].class).list().stream().map(PortalSessionStoreTests::read).toList();
    }

    private static Object read(byte[] bytes) {
        return new DeserializingConverter(PortalSessionStoreTests.class.getClassLoader()).convert(bytes);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) read(new SerializingConverter().convert(value));
    }
}
