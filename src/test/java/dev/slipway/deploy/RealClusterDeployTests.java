package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The deploy scenarios against a real cluster: the one named by SLIPWAY_TEST_KUBECONFIG (and, if
 * set, SLIPWAY_TEST_KUBE_CONTEXT), e.g. a kind cluster in CI. Skipped when it is not set. Pulls a
 * public nginx image, so the cluster needs to reach a registry.
 */
@Tag("real-cluster")
@EnabledIfEnvironmentVariable(named = "SLIPWAY_TEST_KUBECONFIG", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RealClusterDeployTests {

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("slipway.deploy.clusters.test.kubeconfig", () -> System.getenv("SLIPWAY_TEST_KUBECONFIG"));
        registry.add("slipway.deploy.clusters.test.context", () -> System.getenv("SLIPWAY_TEST_KUBE_CONTEXT"));
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    HttpApi ci;

    @BeforeEach
    void service() {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('real', 'Real', now(), now()) on conflict (slug) do nothing").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at, updated_at)
                values ('real-test', 'Real test', false, 900, 'test', 'slipway-{team}-{env}', now(), now()) on conflict (slug) do nothing""").update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'web', 'Web', id, 'EXPERIMENTAL', 'docker.io/library/nginx', now(), now() from team where slug = 'real'
                on conflict do nothing""").update();
        var users = new TestUsers(context, port);
        users.person("real-ci", Role.DEVELOPER);
        users.member("real", "real-ci", TeamRole.MEMBER);
        ci = new HttpApi(port).withToken(users.token("real-ci", "real", Scope.RELEASES_WRITE, Scope.DEPLOYMENTS_WRITE,
                Scope.CATALOG_READ, Scope.CATALOG_WRITE));
        ci.post("/api/v1/services/web/releases", "{\"version\": \"1.27\", \"tag\": \"1.27-alpine\"}");
        ci.post("/api/v1/services/web/releases", "{\"version\": \"0.0.0-missing\", \"tag\": \"no-such-tag-crashloop\"}");
        ci.put("/api/v1/services/web/environments/real-test/settings", """
                {"replicas": 1, "containerPort": 80, "cpuRequest": "10m", "cpuLimit": "200m", "memoryRequest": "16Mi",
                 "memoryLimit": "128Mi", "readinessPath": "/", "rolloutTimeoutSeconds": 120}""");
    }

    @Test
    void aReleaseRollsOutOnARealCluster() {
        long id = ci.post("/api/v1/deployments", "{\"service\": \"web\", \"environment\": \"real-test\", \"version\": \"1.27\"}")
                .json().get("id").asLong();

        assertThat(awaitFinished(id).get("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anImageThatCannotRunFailsAtItsDeadline() {
        ci.put("/api/v1/services/web/environments/real-test/settings", """
                {"replicas": 1, "containerPort": 80, "cpuRequest": "10m", "cpuLimit": "200m", "memoryRequest": "16Mi",
                 "memoryLimit": "128Mi", "rolloutTimeoutSeconds": 30}""");
        long id = ci.post("/api/v1/deployments", "{\"service\": \"web\", \"environment\": \"real-test\", \"version\": \"0.0.0-missing\"}")
                .json().get("id").asLong();

        assertThat(awaitFinished(id).get("state").asString()).isEqualTo("FAILED");
    }

    private JsonNode awaitFinished(long id) {
        return await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ci.get("/api/v1/deployments/" + id).json(),
                        d -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(d.get("state").asString()));
    }
}
