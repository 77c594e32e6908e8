package dev.slipway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.Scope;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PrometheusScrape;
import dev.slipway.testsupport.TestUsers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Access requests and grants show in the scrape, counted by what became of them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessMetricsTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void requestsAndGrantsAreCountedByOutcome() {
        var users = new TestUsers(context, port);
        var fixture = new AccessFixture(context, jdbc, users);
        fixture.reset();
        var dev = new HttpApi(port).withToken(users.token("vault-dev", null, Scope.values()));
        var admin = new HttpApi(port).withToken(users.token("vault-admin1", null, Scope.values()));
        var before = PrometheusScrape.of(context, port);

        long approved = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        long grant = admin.post("/api/v1/access/requests/" + approved + "/approve", "{}").json().get("grantId").asLong();
        assertThat(admin.post("/api/v1/access/grants/" + grant + "/revoke", "{\"reason\": \"done\"}").status())
                .isEqualTo(200);
        long denied = dev.post("/api/v1/access/requests", AccessFlowTests.DEPLOY_LOCKER).json().get("id").asLong();
        assertThat(admin.post("/api/v1/access/requests/" + denied + "/deny", "{\"comment\": \"no\"}").status())
                .isEqualTo(200);

        var after = PrometheusScrape.of(context, port);
        assertThat(after.increaseSince(before, "slipway_access_requests_total", Map.of("outcome", "requested"))).isEqualTo(2);
        assertThat(after.increaseSince(before, "slipway_access_requests_total", Map.of("outcome", "approved"))).isEqualTo(1);
        assertThat(after.increaseSince(before, "slipway_access_requests_total", Map.of("outcome", "rejected"))).isEqualTo(1);
        assertThat(after.increaseSince(before, "slipway_access_grants_total", Map.of("outcome", "created"))).isEqualTo(1);
        assertThat(after.increaseSince(before, "slipway_access_grants_total", Map.of("outcome", "revoked"))).isEqualTo(1);
    }
}
