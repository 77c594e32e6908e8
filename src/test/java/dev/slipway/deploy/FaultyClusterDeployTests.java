package dev.slipway.deploy;

import static dev.slipway.deploy.cluster.FaultyApiProxy.APPLY_DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.deploy.cluster.FaultyApiProxy;
import dev.slipway.deploy.cluster.RolloutSimulator;
import dev.slipway.deploy.cluster.SandboxApiServer;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Deploys through a proxy that makes the Kubernetes API fail the way real ones do (5xx, 429 with Retry-After, refused
 * connections, apply conflicts with another field manager, watches ended with 410 Gone), in front of a sandbox API
 * server over real HTTP: every deployment ends, SUCCEEDED or FAILED with the reason, and none is left underway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slipway.deploy.apply.deadline=4s", "slipway.deploy.apply.backoff=200ms",
        "slipway.deploy.apply.max-backoff=2s"})
@DirtiesContext
class FaultyClusterDeployTests {

    private static final SandboxApiServer sandbox = SandboxApiServer.start();
    private static final KubernetesClient simulatorClient = sandbox.newClient();
    private static final RolloutSimulator simulator = new RolloutSimulator(simulatorClient, Duration.ofSeconds(2));
    private static final FaultyApiProxy proxy = FaultyApiProxy.start(sandbox.url());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        simulator.start();
        registry.add("slipway.deploy.clusters.faulty.url", proxy::url);
    }

    @AfterAll
    static void stopCluster() {
        ci = null;
        proxy.close();
        simulator.close();
        simulatorClient.close();
        sandbox.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeploymentRunner runner;

    static HttpApi ci;

    @BeforeEach
    void clean() {
        proxy.reset();
        runner.dropWatches(); // each test starts its cluster's informers afresh, through the faults it sets up
        jdbc.sql("delete from deployment").update();
        if (ci == null) {
            service();
        }
        settings(60);
    }

    private void service() {
        var catalog = new TestCatalog(context);
        catalog.team("ship", "Ship");
        catalog.environment(new EnvironmentRequest("dev", "dev", false, 101, "faulty", "{team}-{env}", false, false,
                null, null));
        catalog.service("hull", "Hull", "ship", Lifecycle.PRODUCTION, "registry.example.com/ship/hull");
        var users = new TestUsers(context, port);
        users.person("ship-ci", Role.DEVELOPER);
        users.member("ship", "ship-ci", TeamRole.MEMBER);
        ci = new HttpApi(port).withToken(users.token("ship-ci", "ship", Scope.RELEASES_WRITE, Scope.DEPLOYMENTS_WRITE,
                Scope.CATALOG_READ, Scope.CATALOG_WRITE));
        release("1.0.0", null);
        release("2.0.0-unresponsive", "unresponsive-2.0.0");
    }

    @AfterEach
    void noDeploymentIsLeftUnderway() {
        assertThat(jdbc.sql("select count(*) from deployment where state not in ('SUCCEEDED', 'FAILED', 'CANCELLED')")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anApplyAnsweredWithHttp500IsTriedAgainWithBackOffAndEachAttemptIsLogged() {
        var fault = proxy.fail(APPLY_DEPLOYMENT, 2, FaultyApiProxy.internalError());

        long id = deploy("1.0.0");

        assertThat(awaitFinished(id).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(fault.hits()).isEqualTo(2);
        assertThat(messages(id, "RETRY")).satisfiesExactly(
                first -> assertThat(first).contains("HTTP 500", "etcdserver: request timed out", "(attempt 2)"),
                second -> assertThat(second).contains("HTTP 500", "(attempt 3)"));
    }

    @Test
    void tooManyRequestsIsTriedAgainNoSoonerThanTheClusterAsked() {
        proxy.fail(APPLY_DEPLOYMENT, 1, FaultyApiProxy.tooManyRequests(1));

        long id = deploy("1.0.0");

        assertThat(awaitFinished(id).get("state").asString()).isEqualTo("SUCCEEDED");
        List<FaultyApiProxy.Request> applies = applies();
        assertThat(applies).hasSize(2);
        // Slipway's own first back-off is 200 ms here: the wait is the server's Retry-After.
        assertThat(Duration.between(applies.get(0).at(), applies.get(1).at())).isGreaterThan(Duration.ofMillis(950));
        assertThat(messages(id, "RETRY")).singleElement().asString().contains("HTTP 429", "trying again in 1 s");
    }

    @Test
    void aClusterThatRefusesConnectionsPastTheDeadlineFailsTheDeploymentWithTheLastFault() {
        proxy.refuseConnections();

        long id = deploy("1.0.0");

        JsonNode failed = awaitFinished(id);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString()).contains("could not be reached", "4 s");
        assertThat(took(failed)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(30));
        assertThat(messages(id, "RETRY")).hasSizeGreaterThan(2)
                .allSatisfy(line -> assertThat(line).contains("could not be reached", "trying again in"));
    }

    @Test
    void aConflictWithAnotherFieldManagerFailsAtOnceNamingEveryFieldAndItsManager() {
        proxy.fail(APPLY_DEPLOYMENT, 1, FaultyApiProxy.fieldManagerConflict("kubectl-edit", ".spec.replicas",
                "kubectl-set", ".spec.template.spec.containers[name=\"hull\"].image"));

        long id = deploy("1.0.0");

        JsonNode failed = awaitFinished(id);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString()).startsWith("Another field manager owns fields Slipway "
                + "applies: .spec.replicas (kubectl-edit), .spec.template.spec.containers[name=\"hull\"].image "
                + "(kubectl-set).");
        assertThat(messages(id, "RETRY")).isEmpty();
        // Slipway applied as itself and did not force the fields away from their owners.
        assertThat(applies()).singleElement().satisfies(apply -> assertThat(apply.query())
                .contains("fieldManager=slipway").doesNotContain("force=true"));
    }

    @Test
    void anInvalidObjectFailsAtOnceWithTheServersMessage() {
        proxy.fail(APPLY_DEPLOYMENT, 1, FaultyApiProxy.status(422, "Invalid", "Deployment.apps \"hull\" is invalid: "
                + "spec.template.spec.containers[0].image: Required value"));

        long id = deploy("1.0.0");

        JsonNode failed = awaitFinished(id);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString()).isEqualTo("The cluster refused the change (HTTP 422): "
                + "Deployment.apps \"hull\" is invalid: spec.template.spec.containers[0].image: Required value");
        assertThat(messages(id, "RETRY")).isEmpty();
        assertThat(applies()).hasSize(1);
    }

    @Test
    void aRolloutCompletesThoughItsWatchesDropEndWithGoneOrStopTheInformersAndListsFail() {
        var dropped = proxy.failWatches(4, FaultyApiProxy.dropWatch());
        // fabric8's informer gives up on an event it cannot read, and Slipway then starts it again
        var garbled = proxy.failWatches("/apis/apps/v1/deployments", 1, FaultyApiProxy.garbledWatch());
        var gone = proxy.failWatches(40, FaultyApiProxy.watchGone());

        long id = deploy("1.0.0");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("ROLLING_OUT"));
        var lists = proxy.fail("GET /api/v1/pods|/apis/apps/v1/deployments|/apis/apps/v1/replicasets", 6,
                FaultyApiProxy.internalError());

        assertThat(awaitFinished(id).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(dropped.hits()).isEqualTo(4);
        assertThat(garbled.hits()).isEqualTo(1);
        assertThat(gone.hits()).isPositive();
        assertThat(lists.hits()).isPositive();
    }

    @Test
    void aRolloutWhoseClusterCannotBeReadEndsAtItsTimeout() {
        settings(10);
        long id = deploy("2.0.0-unresponsive");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("ROLLING_OUT"));

        proxy.refuseConnections();
        runner.dropWatches(); // as when the informers stop: they cannot start again while the cluster is away

        JsonNode failed = awaitFinished(id);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString()).contains("did not complete within 10 s",
                "could not be reached");
    }

    private long deploy(String version) {
        var response = ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"dev\", \"version\": \""
                + version + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private String state(long id) {
        return ci.get("/api/v1/deployments/" + id).json().get("state").asString();
    }

    private JsonNode awaitFinished(long id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ci.get("/api/v1/deployments/" + id).json(),
                        d -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(d.get("state").asString()));
    }

    private List<String> messages(long id, String kind) {
        return ci.get("/api/v1/deployments/" + id + "/events").json().valueStream()
                .filter(e -> e.get("kind").asString().equals(kind)).map(e -> e.get("message").asString()).toList();
    }

    private static List<FaultyApiProxy.Request> applies() {
        return proxy.requests().stream().filter(r -> r.method().equals("PATCH") && r.path().contains("/deployments/"))
                .toList();
    }

    private static Duration took(JsonNode deployment) {
        return Duration.between(Instant.parse(deployment.get("startedAt").asString()),
                Instant.parse(deployment.get("finishedAt").asString()));
    }

    private static void settings(int rolloutTimeoutSeconds) {
        var response = ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "500m", "memoryRequest": "128Mi",
                 "memoryLimit": "512Mi", "rolloutTimeoutSeconds": %d}""".formatted(rolloutTimeoutSeconds));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static void release(String version, String tag) {
        var response = ci.post("/api/v1/services/hull/releases", "{\"version\": \"" + version + "\""
                + (tag == null ? "" : ", \"tag\": \"" + tag + "\"") + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
}
