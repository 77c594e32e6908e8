package dev.slipway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import java.time.Duration;
import org.springframework.context.ApplicationContext;

/** One deployment of the service 'dial' (team 'gauges') to the environment 'metrics-dev', through to its success. */
public final class MeteredDeployment {

    public static final String ENVIRONMENT = "metrics-dev";

    private MeteredDeployment() {
    }

    public static void succeed(ApplicationContext context, int port) {
        var catalog = new TestCatalog(context);
        catalog.team("gauges", "Gauges");
        catalog.environment(new EnvironmentRequest(ENVIRONMENT, ENVIRONMENT, false, 121, "default", "{team}-{env}",
                false, false, null, null));
        catalog.autoRollback(ENVIRONMENT, false);
        catalog.service("dial", "Dial", "gauges", Lifecycle.PRODUCTION, "registry.example.com/gauges/dial");
        var users = new TestUsers(context, port);
        users.person("gauges-ci", Role.DEVELOPER);
        users.member("gauges", "gauges-ci", TeamRole.MEMBER);
        var ci = new HttpApi(port).withToken(users.token("gauges-ci", "gauges", Scope.RELEASES_WRITE,
                Scope.DEPLOYMENTS_WRITE, Scope.CATALOG_READ));
        String version = "1.0." + System.nanoTime();
        assertThat(ci.post("/api/v1/services/dial/releases", "{\"version\": \"" + version + "\"}").status()).isEqualTo(201);

        var queued = ci.post("/api/v1/deployments",
                "{\"service\": \"dial\", \"environment\": \"" + ENVIRONMENT + "\", \"version\": \"" + version + "\"}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        long id = queued.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> ci.get("/api/v1/deployments/" + id).json().get("state").asString(), "SUCCEEDED"::equals);
    }
}
