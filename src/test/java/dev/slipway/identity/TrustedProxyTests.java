package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestAudit;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Behind a proxy the operator trusts, the client address is the one the proxy forwards. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "slipway.trusted-proxies=127.0.0.1,::1")
class TrustedProxyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @AfterEach
    void forgetFailures() {
        jdbc.sql("delete from login_failure where username like 'proxied-%'").update();
    }

    @Test
    void aTrustedProxysForwardedForNamesTheClient() {
        failSignIn("proxied-client", "198.51.100.9");

        assertThat(jdbc.sql("select address from login_failure where username = 'proxied-client'")
                .query(String.class).list()).containsExactly("198.51.100.9");
        assertThat(new TestAudit(context).addresses("login.failed", "proxied-client")).containsExactly("198.51.100.9");
    }

    @Test
    void addressesTheClientPrependsAreNotBelieved() {
        failSignIn("proxied-liar", "10.1.1.1, 198.51.100.10");

        assertThat(jdbc.sql("select address from login_failure where username = 'proxied-liar'")
                .query(String.class).list()).containsExactly("198.51.100.10");
    }

    @Test
    void aTrustedProxysForwardedHostIsNotEchoedInRedirects() {
        var portal = new PortalClient(port, Map.of("X-Forwarded-Host", "portal.example", "X-Forwarded-For", "198.51.100.11"));

        assertThat(portal.get("/services").header("Location")).isEqualTo("/login");
    }

    private void failSignIn(String username, String forwardedFor) {
        String basic = Base64.getEncoder().encodeToString((username + ":wrong").getBytes(StandardCharsets.UTF_8));
        var answer = new HttpApi(port).send("POST", "/api/v1/tokens", "{\"name\": \"t\", \"scopes\": [\"catalog:read\"]}",
                Map.of("Content-Type", "application/json", "Authorization", "Basic " + basic,
                        "X-Forwarded-For", forwardedFor));
        assertThat(answer.status()).isEqualTo(401);
    }
}
