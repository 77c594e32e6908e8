package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A deployment whose runner cannot get a connection to Slipway's own database (every pooled connection busy for
 * longer than Slipway waits, or the database away) is not failed: the rollout did nothing wrong. It is left underway and
 * resumed when its lease runs out.
 */
// No patience with a busy pool here: the runner's one wait for a connection is its only one.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "slipway.database.busy-wait=0s")
class DeploymentDatabaseFaultTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    /** The runner reads a service's settings between claiming a deployment and applying it. */
    @MockitoSpyBean
    DeploySettingsStore settings;

    @Test
    void aDeploymentThatMeetsTheConnectionPoolExhaustedIsResumedNotFailed() {
        var ci = setUp();
        var exhausted = new AtomicBoolean();
        doAnswer(read -> {
            if (exhausted.compareAndSet(false, true)) {
                try (var held = HeldConnections.all(dataSource.unwrap(HikariDataSource.class))) {
                    return read.callRealMethod(); // waits for a connection, and gets none within the pool's timeout
                }
            }
            return read.callRealMethod();
        }).when(settings).read(anyLong(), anyLong());

        var created = ci.post("/api/v1/deployments", """
                {"service": "keel", "environment": "dev", "version": "1.0.0", "reason": "pool test"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ci
                .get("/api/v1/deployments/" + id).json().get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(exhausted).as("the runner met the exhausted pool").isTrue();
        var done = ci.get("/api/v1/deployments/" + id).json();
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        List<String> kinds = ci.get("/api/v1/deployments/" + id + "/events").json().valueStream()
                .map(e -> e.get("kind").asString()).toList();
        assertThat(kinds).contains("RESUMED").doesNotContain("FAILED").endsWith("SUCCEEDED");
        assertThat(kinds.stream().filter("SUCCEEDED"::equals)).hasSize(1);
    }

    private HttpApi setUp() {
        var catalog = new TestCatalog(context);
        catalog.team("dock", "Dock");
        catalog.environment(new EnvironmentRequest("dev", "dev", false, 101, "default", "{team}-{env}", false, false,
                null, null));
        catalog.service("keel", "Keel", "dock", Lifecycle.PRODUCTION, "registry.example.com/dock/keel");
        var users = new TestUsers(context, port);
        users.person("dock-ci", Role.DEVELOPER);
        users.member("dock", "dock-ci", TeamRole.MEMBER);
        var ci = new HttpApi(port).withToken(users.token("dock-ci", "dock", Scope.RELEASES_WRITE,
                Scope.DEPLOYMENTS_WRITE, Scope.CATALOG_READ));
        var release = ci.post("/api/v1/services/keel/releases", "{\"version\": \"1.0.0\"}");
        assertThat(release.status()).as(release.body()).isEqualTo(201);
        return ci;
    }

    /** Every connection of the pool, borrowed until closed. */
    private record HeldConnections(List<Connection> connections) implements AutoCloseable {

        static HeldConnections all(HikariDataSource pool) throws SQLException {
            var held = new ArrayList<Connection>();
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(pool.getConnection());
            }
            return new HeldConnections(held);
        }

        @Override
        public void close() throws SQLException {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
