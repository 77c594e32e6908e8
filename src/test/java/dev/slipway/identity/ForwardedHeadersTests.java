package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestAudit;
import dev.slipway.testsupport.TestUsers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** With no trusted proxies configured, forwarded headers change nothing: the socket's address counts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardedHeadersTests {

    static final List<String> LOOPBACK = List.of("127.0.0.1", "0:0:0:0:0:0:0:1");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoginThrottle throttle;

    @AfterEach
    void forgetFailures() {
        jdbc.sql("delete from login_failure where username like 'xff-%'").update();
    }

    @Test
    void rotatingForwardedForDoesNotEscapeTheLimitPerAddress() {
        new TestUsers(context, port).person("xff-patient", Role.DEVELOPER);
        for (int i = 0; i < context.getBean(IdentityProperties.class).signInThrottle().maxPerAddress(); i++) {
            assertThat(mintToken("xff-sprayed-" + i, "wrong", "203.0.113." + i).status()).isEqualTo(401);
        }

        var refused = mintToken("xff-patient", TestUsers.PASSWORD, "203.0.113.200");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("Too many failed sign-ins");
    }

    @Test
    void aForwardedForHeaderCannotPinFailuresOnAnotherAddress() {
        mintToken("xff-framer", "wrong", "10.1.1.1");

        assertThat(jdbc.sql("select address from login_failure where username = 'xff-framer'")
                .query(String.class).list()).singleElement().isIn(LOOPBACK);
        assertThat(throttle.lockedUntil("xff-someone", "10.1.1.1")).isEmpty();
    }

    @Test
    void theAuditTrailRecordsTheSocketAddressNotTheHeader() {
        mintToken("xff-audited", "wrong", "198.51.100.7");

        assertThat(new TestAudit(context).addresses("login.failed", "xff-audited")).singleElement().isIn(LOOPBACK);
    }

    @Test
    void theLoginRedirectDoesNotReflectAForgedHost() throws IOException {
        String head = rawGet("/services", "evil.example");

        assertThat(head).startsWith("HTTP/1.1 302").containsIgnoringCase("Location: /login").doesNotContain("evil.example");
    }

    @Test
    void theRedirectsAroundSignInDoNotReflectAForwardedHost() {
        new TestUsers(context, port).person("xff-returning", Role.DEVELOPER);
        var portal = new PortalClient(port, Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"));

        assertThat(portal.get("/services").header("Location")).isEqualTo("/login");
        assertThat(portal.signIn("xff-returning", TestUsers.PASSWORD).header("Location"))
                .matches("/services(\\?continue)?");
    }

    private HttpApi.Response mintToken(String username, String password, String forwardedFor) {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new HttpApi(port).send("POST", "/api/v1/tokens", "{\"name\": \"t\", \"scopes\": [\"catalog:read\"]}",
                Map.of("Content-Type", "application/json", "Authorization", "Basic " + basic,
                        "X-Forwarded-For", forwardedFor));
    }

    // Java's HTTP client refuses to send a Host header of its choosing, so this one is written by hand.
    private String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        }
    }
}
