package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantRequest;
import dev.slipway.access.Grants;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Deploys end to end through the API and the queue to the sandbox cluster (fabric8's API server over HTTP). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeploymentFlowTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clusters clusters;

    HttpApi ci;

    @BeforeEach
    void service() {
        jdbc.sql("delete from deployment").update();
        jdbc.sql("delete from release").update();
        jdbc.sql("delete from deploy_settings").update();
        jdbc.sql("delete from drift_finding").update();
        var catalog = new TestCatalog(context);
        catalog.team("ship", "Ship");
        catalog.environment(new EnvironmentRequest("dev", "dev", false, 101, "default", "{team}-{env}", false, false,
                null, null));
        catalog.autoRollback("dev", false);
        catalog.environment(new EnvironmentRequest("live", "live", true, 102, "default", "{team}-{env}", true, false,
                null, null));
        catalog.autoRollback("live", false);
        catalog.service("hull", "Hull", "ship", Lifecycle.PRODUCTION, "registry.example.com/ship/hull");
        var users = new TestUsers(context, port);
        users.person("ship-ci", Role.DEVELOPER);
        users.member("ship", "ship-ci", TeamRole.MEMBER);
        // Production needs a grant besides team rights: ship-ci holds one for hull in live, and only that one.
        var access = context.getBean(AccessPolicy.class);
        var grants = context.getBean(Grants.class);
        access.asSystem(() -> {
            grants.covering("hull", "ship").forEach(grant -> grants.revoke(grant.id(), "test set-up"));
            grants.create(new GrantRequest("ship-ci", null, List.of(GrantAction.DEPLOY, GrantAction.ROLLBACK), "ship",
                    List.of("hull"), List.of("live"), null, null, Duration.ofHours(8), "test"));
        });
        ci = new HttpApi(port).withToken(users.token("ship-ci", "ship", Scope.RELEASES_WRITE, Scope.DEPLOYMENTS_WRITE,
                Scope.CATALOG_READ, Scope.CATALOG_WRITE));
        release("1.0.0", null);
        release("2.0.0", null);
        release("3.0.0-crashloop", "crashloop-3.0.0");
        release("4.0.0-unresponsive", "unresponsive-4.0.0");
    }

    @Test
    void anEnvironmentVariableWithoutAValueIsRefusedNamingIt() {
        var refused = ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "1", "memoryRequest": "128Mi",
                 "memoryLimit": "256Mi", "env": {"MODE": null}, "rolloutTimeoutSeconds": 60}""");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).startsWith("env");
        assertThat(refused.json().get("errors").get(0).get("message").asString()).isEqualTo("values must be strings");
        assertThat(jdbc.sql("select count(*) from deploy_settings").query(Long.class).single()).isZero();
    }

    @Test
    void aDeploymentIsAppliedAndFollowedUntilEveryReplicaIsReady() {
        ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 3, "containerPort": 9090, "cpuRequest": "200m", "cpuLimit": "1", "memoryRequest": "256Mi",
                 "memoryLimit": "1Gi", "env": {"MODE": "fast"}, "readinessPath": "/ready", "livenessPath": "/alive",
                 "rolloutTimeoutSeconds": 60}""");

        long id = deploy("1.0.0", "dev", null).get("id").asLong();

        JsonNode done = awaitFinished(id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("readyReplicas").asInt()).isEqualTo(3);
        assertThat(done.get("desiredReplicas").asInt()).isEqualTo(3);
        List<String> kinds = ci.get("/api/v1/deployments/" + id + "/events").json().valueStream()
                .map(e -> e.get("kind").asString()).toList();
        assertThat(kinds).startsWith("QUEUED", "APPLIED").contains("PROGRESS", "KUBERNETES")
                .endsWith("SUCCEEDED");

        {
            var client = clusters.client("default");
            Deployment live = client.apps().deployments().inNamespace("ship-dev").withName("hull").get();
            var labels = live.getMetadata().getLabels();
            assertThat(labels).containsEntry("app.kubernetes.io/name", "hull").containsEntry("app.kubernetes.io/version", "1.0.0")
                    .containsEntry("slipway.dev/team", "ship").containsKey("slipway.dev/release");
            var container = live.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("registry.example.com/ship/hull:1.0.0");
            assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
            assertThat(container.getEnv()).anySatisfy(env -> assertThat(env.getName()).isEqualTo("MODE"));
            assertThat(client.services().inNamespace("ship-dev").withName("hull").get().getSpec().getPorts().get(0)
                    .getTargetPort().getIntVal()).isEqualTo(9090);
        }
        String manifest = ci.get("/api/v1/deployments/" + id + "/manifest").body();
        assertThat(manifest).contains("kind: \"Deployment\"").contains("registry.example.com/ship/hull:1.0.0");
    }

    @Test
    void anImageThatNeverBecomesReadyFailsAtItsDeadlineAndIsRolledBackWhenTheEnvironmentSaysSo() {
        new TestCatalog(context).autoRollback("dev", true);
        ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "500m", "memoryRequest": "128Mi",
                 "memoryLimit": "512Mi", "rolloutTimeoutSeconds": 10}""");
        long good = deploy("1.0.0", "dev", null).get("id").asLong();
        assertThat(awaitFinished(good).get("state").asString()).isEqualTo("SUCCEEDED");

        long bad = deploy("3.0.0-crashloop", "dev", null).get("id").asLong();

        JsonNode failed = awaitFinished(bad);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString()).containsAnyOf("CrashLoopBackOff", "ProgressDeadlineExceeded");
        assertThat(failed.get("readyReplicas").asInt()).isZero();
        JsonNode rollback = await().atMost(Duration.ofSeconds(20)).until(
                () -> ci.get("/api/v1/deployments?service=hull&environment=dev").json().get("items").get(0),
                latest -> latest.get("rollbackOf") != null && !latest.get("rollbackOf").isNull()
                        && latest.get("state").asString().equals("SUCCEEDED"));
        assertThat(rollback.get("rollbackOf").asLong()).isEqualTo(bad);
        assertThat(rollback.get("version").asString()).isEqualTo("1.0.0");
    }

    @Test
    void aRolloutTheClusterNeverReportsOnFailsAtSlipwaysOwnTimeout() {
        ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "500m", "memoryRequest": "128Mi",
                 "memoryLimit": "512Mi", "rolloutTimeoutSeconds": 10}""");

        long id = deploy("4.0.0-unresponsive", "dev", null).get("id").asLong();

        JsonNode failed = awaitFinished(id);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asString()).isEqualTo("The rollout did not complete within 10 s");
    }

    @Test
    void aQueuedDeploymentWaitsForTheOneUnderwayAndCanBeCancelled() {
        long first = deploy("1.0.0", "dev", null).get("id").asLong();
        long second = deploy("2.0.0", "dev", null).get("id").asLong();

        var cancelled = ci.post("/api/v1/deployments/" + second + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(awaitFinished(first).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(ci.post("/api/v1/deployments/" + first + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void twentyConcurrentRequestsForOneServiceAndEnvironmentRunOneAtATimeAndNoneIsLost() throws Exception {
        ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "500m", "memoryRequest": "128Mi",
                 "memoryLimit": "512Mi", "rolloutTimeoutSeconds": 60}""");
        var pool = Executors.newFixedThreadPool(10);
        var calls = new ArrayList<Callable<Integer>>();
        for (int i = 0; i < 20; i++) {
            String version = i % 2 == 0 ? "1.0.0" : "2.0.0";
            calls.add(() -> ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"dev\", \"version\": \""
                    + version + "\"}").status());
        }
        for (var result : pool.invokeAll(calls)) {
            assertThat(result.get()).isEqualTo(201);
        }
        pool.shutdown();

        await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.sql(
                "select count(*) from deployment where state = 'SUCCEEDED'").query(Long.class).single() == 20);
        long overlaps = jdbc.sql("""
                select count(*) from deployment a join deployment b on a.id < b.id
                where a.started_at < b.finished_at and b.started_at < a.finished_at""").query(Long.class).single();
        assertThat(overlaps).isZero();
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyNeverCreatesASecondDeployment() {
        var headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "pipeline-run-88");
        String body = "{\"service\": \"hull\", \"environment\": \"dev\", \"version\": \"1.0.0\"}";

        var first = ci.send("POST", "/api/v1/deployments", body, headers);
        var retry = ci.send("POST", "/api/v1/deployments", body, headers);

        assertThat(retry.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(jdbc.sql("select count(*) from deployment").query(Long.class).single()).isOne();

        var changed = ci.send("POST", "/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"dev\", "
                + "\"version\": \"1.0.0\", \"reason\": \"something else\"}", headers);
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("detail").asString()).contains("pipeline-run-88").contains("asked for something else");
    }

    @Test
    void concurrentRetriesWithOneKeyAllGetTheFirstDeployment() throws Exception {
        var headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "pipeline-run-99");
        String body = "{\"service\": \"hull\", \"environment\": \"dev\", \"version\": \"1.0.0\"}";
        var pool = Executors.newFixedThreadPool(12);
        var calls = new ArrayList<Callable<HttpApi.Response>>();
        for (int i = 0; i < 48; i++) {
            calls.add(() -> ci.send("POST", "/api/v1/deployments", body, headers));
        }
        var answers = new ArrayList<HttpApi.Response>();
        for (var future : pool.invokeAll(calls)) {
            answers.add(future.get());
        }
        pool.shutdown();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().get("id").asLong()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(a -> "false".equals(a.header("Idempotent-Replayed")))).hasSize(1);
    }

    @Test
    void productionTakesOnlyReleasesThatSucceededInTheEnvironmentBefore() {
        var refused = ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"live\", \"version\": \"2.0.0\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("has not succeeded in dev");

        assertThat(awaitFinished(deploy("2.0.0", "dev", null).get("id").asLong()).get("state").asString()).isEqualTo("SUCCEEDED");

        assertThat(ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"live\", \"version\": \"2.0.0\"}")
                .status()).isEqualTo(201);
    }

    @Test
    void badDeploymentRequestsNameWhatIsWrong() {
        assertThat(ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"dev\", \"version\": \"9.9.9\"}")
                .json().get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertThat(ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"nowhere\", \"version\": \"1.0.0\"}")
                .status()).isEqualTo(404);
        assertThat(ci.put("/api/v1/services/hull/environments/dev/settings", "{\"replicas\": -1}").status()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from deployment").query(Long.class).single()).isZero();
    }

    @Test
    void aFreezeRefusesDeploymentsUnlessAnAdministratorBreaksTheGlass() {
        var users = new TestUsers(context, port);
        users.person("freeze-admin", Role.ADMIN);
        var admin = new HttpApi(port).withToken(users.token("freeze-admin", null, Scope.values()));
        var created = admin.post("/api/v1/environments/dev/freezes", """
                {"from": "%s", "to": "%s", "reason": "Quarter-end close"}""".formatted(
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)));
        assertThat(created.status()).isEqualTo(201);
        try {
            var refused = ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"dev\", \"version\": \"1.0.0\"}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).contains("frozen").contains("Quarter-end close");
            var notAllowed = ci.post("/api/v1/deployments", """
                    {"service": "hull", "environment": "dev", "version": "1.0.0", "overrideFreeze": "urgent"}""");
            assertThat(notAllowed.status()).isEqualTo(403);

            var overridden = admin.post("/api/v1/deployments", """
                    {"service": "hull", "environment": "dev", "version": "1.0.0", "overrideFreeze": "Fix for incident 42"}""");

            assertThat(overridden.status()).isEqualTo(201);
            assertThat(overridden.json().get("overrideReason").asString()).isEqualTo("Fix for incident 42");
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'deployment.freeze-override' and outcome = 'SUCCESS'")
                    .query(Long.class).single()).isPositive();
        } finally {
            admin.delete("/api/v1/environments/dev/freezes/" + created.json().get("id").asLong());
        }
    }

    @Test
    void driftIsFlaggedOnceWhenTheClusterRunsSomethingElseAndClearsWhenItAgrees(@Autowired Drift drift) {
        long id = deploy("1.0.0", "dev", null).get("id").asLong();
        assertThat(awaitFinished(id).get("state").asString()).isEqualTo("SUCCEEDED");
        long detectedBefore = jdbc.sql("select count(*) from audit_event where action = 'drift.detected'")
                .query(Long.class).single();
        var client = clusters.client("default");
        setImage(client, "registry.example.com/ship/hull:hotfix"); // as someone running kubectl set image would

        drift.check();
        drift.check();

        var findings = ci.get("/api/v1/drift?service=hull").json();
        assertThat(findings.size()).isEqualTo(1);
        assertThat(findings.get(0).get("liveImage").asString()).endsWith(":hotfix");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'drift.detected'")
                .query(Long.class).single()).isEqualTo(detectedBefore + 1);

        setImage(client, "registry.example.com/ship/hull:1.0.0");
        drift.check();
        assertThat(ci.get("/api/v1/drift?service=hull").json().size()).isZero();
    }

    @Test
    void aWatchThatBreaksMidRolloutIsListedAgainAndLosesNoTransition(@Autowired DeploymentRunner runner) {
        long id = deploy("2.0.0", "dev", null).get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> ci.get("/api/v1/deployments/" + id).json()
                .get("state").asString().equals("ROLLING_OUT"));

        runner.dropWatches();
        // The rollout goes on in the cluster while nobody watches.
        var live = clusters.client("default").apps().deployments().inNamespace("ship-dev").withName("hull");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var status = live.get().getStatus();
            return status != null && status.getUpdatedReplicas() != null
                    && status.getUpdatedReplicas().equals(status.getReadyReplicas())
                    && status.getReadyReplicas().equals(live.get().getSpec().getReplicas());
        });

        JsonNode done = awaitFinished(id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("readyReplicas").asInt()).isEqualTo(done.get("desiredReplicas").asInt());
    }

    @Test
    void aPipelineWithOnlyTheDeployScopeDeploysAndWaitsForTheEndInOneCall() {
        var pipeline = new HttpApi(port).withToken(new TestUsers(context, port).token("ship-ci", "ship",
                Scope.DEPLOYMENTS_WRITE));
        var response = pipeline.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"dev\", "
                + "\"version\": \"2.0.0\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = response.json().get("id").asLong();

        JsonNode done = ci.get("/api/v1/deployments/" + id + "?wait=60s").json();

        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(jdbc.sql("select count(*) from audit_event where outcome = 'DENIED' and actor_name = 'ship-ci' "
                + "and action = 'catalog.read'").query(Long.class).single()).isZero();
        assertThat(ci.get("/api/v1/deployments/" + id + "?wait=forever").status()).isEqualTo(400);
    }

    @Test
    void theEventStreamSendsTheLogLiveAndEndsWithTheDeployment() {
        long id = deploy("1.0.0", "dev", null).get("id").asLong();

        var stream = ci.send("GET", "/api/v1/deployments/" + id + "/events", null,
                Map.of("Accept", "text/event-stream"));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        assertThat(stream.body()).contains("event:QUEUED").contains("event:APPLIED").contains("event:SUCCEEDED")
                .contains("event:end").contains("\"state\":\"SUCCEEDED\"");
    }

    @Test
    void eachFailureModeIsNamedFromThePodsWithoutWaitingForTheTimeout() {
        ci.put("/api/v1/services/hull/environments/dev/settings", """
                {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "500m", "memoryRequest": "128Mi",
                 "memoryLimit": "256Mi", "rolloutTimeoutSeconds": 120}""");
        var modes = Map.of(
                "crashloop", "CrashLoopBackOff: container hull exited with code 1",
                "pull-error", "image registry.example.com/ship/hull:pull-error-9 could not be pulled",
                "oom", "OOMKilled: container hull ran out of memory (limit 256Mi)",
                "unschedulable", "Unschedulable: 0/1 nodes are available: 1 Insufficient cpu",
                "unready", "Readiness probe failing: Readiness probe failed: HTTP probe failed with statuscode: 503");
        for (var mode : modes.entrySet()) {
            String version = "9.0.0-" + mode.getKey();
            release(version, mode.getKey() + "-9");
            long id = deploy(version, "dev", null).get("id").asLong();

            JsonNode failed = ci.get("/api/v1/deployments/" + id + "?wait=60s").json();

            assertThat(failed.get("state").asString()).as(mode.getKey()).isEqualTo("FAILED");
            assertThat(failed.get("failureReason").asString()).as(mode.getKey()).contains(mode.getValue());
            // Named from the pods within seconds, long before the 120 s timeout.
            Duration took = Duration.between(Instant.parse(failed.get("startedAt").asString()),
                    Instant.parse(failed.get("finishedAt").asString()));
            assertThat(took).as(mode.getKey()).isLessThan(Duration.ofSeconds(30));
            List<String> kinds = ci.get("/api/v1/deployments/" + id + "/events").json().valueStream()
                    .map(e -> e.get("kind").asString()).toList();
            assertThat(kinds).as(mode.getKey()).contains("POD", "KUBERNETES");
            if (mode.getKey().equals("crashloop")) {
                assertThat(kinds).contains("LOG");
            }
        }
    }

    // A JSON patch carries no resource version, so it cannot clash with the rollout's own status updates.
    private static void setImage(KubernetesClient client, String image) {
        client.apps().deployments().inNamespace("ship-dev").withName("hull").patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\": \"" + image + "\"}]");
    }

    private JsonNode deploy(String version, String environment, String key) {
        var response = ci.post("/api/v1/deployments", "{\"service\": \"hull\", \"environment\": \"" + environment
                + "\", \"version\": \"" + version + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private JsonNode awaitFinished(long id) {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> ci.get("/api/v1/deployments/" + id).json(),
                        d -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(d.get("state").asString()));
    }

    private void release(String version, String tag) {
        var response = ci.post("/api/v1/services/hull/releases", "{\"version\": \"" + version + "\""
                + (tag == null ? "" : ", \"tag\": \"" + tag + "\"") + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
}
