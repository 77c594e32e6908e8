package dev.slipway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.notify.Webhooks;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Production access over the API: refusal, request, approval rules, grants, revocation, enforcement at start. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessFlowTests {

    static final String DEPLOY_LOCKER = """
            {"actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"], "duration": "PT1H",
             "reason": "INC-42 hotfix"}""";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccessRequests requests;

    AccessFixture fixture;
    HttpApi dev;
    HttpApi maintainer;
    HttpApi admin1;
    HttpApi admin2;
    HttpApi outsider;

    @BeforeEach
    void people() {
        var users = new TestUsers(context, port);
        fixture = new AccessFixture(context, jdbc, users);
        fixture.reset();
        dev = new HttpApi(port).withToken(users.token("vault-dev", null, Scope.values()));
        maintainer = new HttpApi(port).withToken(users.token("vault-maint", null, Scope.values()));
        admin1 = new HttpApi(port).withToken(users.token("vault-admin1", null, Scope.values()));
        admin2 = new HttpApi(port).withToken(users.token("vault-admin2", null, Scope.values()));
        outsider = new HttpApi(port).withToken(users.token("outsider", null, Scope.values()));
    }

    @Test
    void aProductionDeployWithoutAGrantIsRefusedNamingTheGrantNeededAndHowToRequestIt() {
        var refused = dev.post("/api/v1/deployments", deployment("locker", "prod-eu"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("detail").asString()).contains("prod-eu").contains("'deploy'").contains("locker");
        assertThat(problem.get("requiredGrant").get("action").asString()).isEqualTo("deploy");
        assertThat(problem.get("requestAccess").get("href").asString()).isEqualTo("/api/v1/access/requests");
        assertThat(problem.get("requestAccess").get("portal").asString())
                .isEqualTo("/access/requests/new?service=locker&environment=prod-eu&action=deploy&duration=PT1H");
        assertThat(jdbc.sql("select count(*) from deployment d join service s on s.id = d.service_id where s.slug = 'locker'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select outcome from audit_event where action = 'deployment.create' and target_id = 'locker' order by seq desc limit 1")
                .query(String.class).single()).isEqualTo("DENIED");
    }

    @Test
    void outsideProductionTeamRightsAreEnough() {
        assertThat(dev.post("/api/v1/deployments", deployment("locker", "stage")).status()).isEqualTo(201);
    }

    @Test
    void anApprovedRequestGrantsExactlyWhatWasAskedAndTheDeployGoesThrough() {
        long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
        assertThat(admin1.get("/api/v1/access/requests/waiting").json().valueStream().map(r -> r.get("id").asLong()))
                .contains(id);

        JsonNode approved = admin1.post("/api/v1/access/requests/" + id + "/approve", "{\"comment\": \"ok\"}").json();

        assertThat(approved.get("state").asString()).isEqualTo("APPROVED");
        long grantId = approved.get("grantId").asLong();
        JsonNode grant = dev.get("/api/v1/access/grants/" + grantId).json();
        assertThat(grant.get("subject").asString()).isEqualTo("vault-dev");
        assertThat(grant.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(grant.get("secondsLeft").asLong()).isBetween(3500L, 3600L);
        assertThat(dev.get("/api/v1/access/grants/mine").json().valueStream().map(g -> g.get("id").asLong()))
                .containsExactly(grantId);
        var deployed = dev.post("/api/v1/deployments", deployment("locker", "prod-eu"));
        assertThat(deployed.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(deployed.json().get("id").asLong()).equals("SUCCEEDED"));
        assertThat(dev.post("/api/v1/deployments", deployment("safe", "prod-eu")).status()).as("another service").isEqualTo(403);
        assertThat(dev.post("/api/v1/deployments/" + deployed.json().get("id").asLong() + "/rollback", "{}").status())
                .as("another action").isEqualTo(403);
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequest() {
        new TestUsers(context, port).member("vault", "vault-admin1", TeamRole.MEMBER);
        long id = admin1.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();

        var refused = admin1.post("/api/v1/access/requests/" + id + "/approve", "{}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("cannot approve it yourself");
        assertThat(admin1.get("/api/v1/access/requests/" + id).json().get("state").asString()).isEqualTo("PENDING");
    }

    @Test
    void withTwoApprovalsRequiredOneApprovalIsNotEnoughAndTheSameApproverCannotCountTwice() {
        fixture.environment("prod-eu", true, 302, 2, false);
        long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();

        JsonNode first = admin1.post("/api/v1/access/requests/" + id + "/approve", "{}").json();
        assertThat(first.get("state").asString()).isEqualTo("PENDING");
        assertThat(first.get("grantId").isNull()).isTrue();
        assertThat(dev.post("/api/v1/deployments", deployment("locker", "prod-eu")).status()).isEqualTo(403);
        assertThat(admin1.post("/api/v1/access/requests/" + id + "/approve", "{}").status()).isEqualTo(409);

        JsonNode second = admin2.post("/api/v1/access/requests/" + id + "/approve", "{}").json();
        assertThat(second.get("state").asString()).isEqualTo("APPROVED");
        assertThat(second.get("decisions").size()).isEqualTo(2);
        assertThat(dev.post("/api/v1/deployments", deployment("locker", "prod-eu")).status()).isEqualTo(201);
    }

    @Test
    void oneDenialEndsTheRequest() {
        fixture.environment("prod-eu", true, 302, 2, false);
        long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
        admin1.post("/api/v1/access/requests/" + id + "/approve", "{}");

        JsonNode denied = admin2.post("/api/v1/access/requests/" + id + "/deny", "{\"comment\": \"not during the sale\"}").json();

        assertThat(denied.get("state").asString()).isEqualTo("DENIED");
        assertThat(denied.get("decisionComment").asString()).isEqualTo("not during the sale");
        assertThat(admin1.post("/api/v1/access/requests/" + id + "/approve", "{}").status()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from access_grant where request_id = ?").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void maintainersApproveOnlyWhereTheEnvironmentLetsThem() {
        long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
        assertThat(maintainer.post("/api/v1/access/requests/" + id + "/approve", "{}").status()).isEqualTo(403);
        assertThat(outsider.post("/api/v1/access/requests/" + id + "/approve", "{}").status()).isEqualTo(403);

        fixture.environment("prod-eu", true, 302, 1, true);
        long allowed = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
        assertThat(maintainer.post("/api/v1/access/requests/" + allowed + "/approve", "{}").json().get("state").asString())
                .isEqualTo("APPROVED");
    }

    @Test
    void twoAdministratorsApprovingAtTheSameMomentMakeExactlyOneGrant() throws Exception {
        for (int round = 0; round < 5; round++) {
            long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
            var barrier = new CyclicBarrier(2);
            var pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Integer>> approvals = List.of(admin1, admin2).stream().<Callable<Integer>>map(api -> () -> {
                    barrier.await();
                    return api.post("/api/v1/access/requests/" + id + "/approve", "{}").status();
                }).toList();
                var statuses = pool.invokeAll(approvals).stream().map(f -> {
                    try {
                        return f.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).sorted().toList();
                assertThat(statuses).containsExactly(200, 409);
            } finally {
                pool.shutdownNow();
            }
            assertThat(jdbc.sql("select count(*) from access_grant where request_id = ?").param(id).query(Long.class).single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aRequestOutsideTheRulesIsRefusedWithEveryFieldNamedAndNothingSaved() {
        long before = jdbc.sql("select count(*) from access_request").query(Long.class).single();

        var invalid = dev.post("/api/v1/access/requests", """
                {"actions": [], "services": ["locker", "yard", "nope"], "environments": ["stage"], "duration": "PT12H",
                 "reason": ""}""");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").valueStream().map(e -> e.get("field").asString()).distinct())
                .contains("actions", "services", "environments", "duration", "reason");
        assertThat(dev.post("/api/v1/access/requests", DEPLOY_LOCKER.replace("\"deploy\"", "\"delete\"")).status())
                .isEqualTo(400);
        assertThat(outsider.post("/api/v1/access/requests", DEPLOY_LOCKER).status()).as("not in the team").isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from access_request").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aRevokedGrantFailsTheProductionDeploymentItAllowedWhileItWasQueued() {
        long grant = admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-dev", "actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"],
                 "duration": "PT2H", "reason": "release train"}""").json().get("id").asLong();
        long blocker = blockTheQueue("locker", "prod-eu");
        long queued = dev.post("/api/v1/deployments", deployment("locker", "prod-eu")).json().get("id").asLong();

        assertThat(admin1.post("/api/v1/access/grants/" + grant + "/revoke", "{\"reason\": \"train cancelled\"}").json()
                .get("status").asString()).isEqualTo("REVOKED");
        jdbc.sql("update deployment set state = 'SUCCEEDED', finished_at = now(), worker = null, lease_until = null where id = ?")
                .param(blocker).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> state(queued).equals("FAILED"));
        JsonNode failed = dev.get("/api/v1/deployments/" + queued).json();
        assertThat(failed.get("failureReason").asString()).contains("grant " + grant + " was revoked by vault-admin1")
                .contains("train cancelled");
        assertThat(dev.get("/api/v1/deployments/" + queued + "/manifest").status()).as("nothing applied").isEqualTo(204);
        assertThat(jdbc.sql("select outcome from audit_event where action = 'deployment.start' and target_id = ? ")
                .param(String.valueOf(queued)).query(String.class).single()).isEqualTo("DENIED");
    }

    @Test
    void aGrantThatRanOutWhileTheDeploymentWasQueuedFailsItWithTheReason() {
        long grant = admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-dev", "actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"],
                 "duration": "PT1H", "reason": "release train"}""").json().get("id").asLong();
        long blocker = blockTheQueue("locker", "prod-eu");
        long queued = dev.post("/api/v1/deployments", deployment("locker", "prod-eu")).json().get("id").asLong();

        // The grant's hour passes while the deployment waits behind another one.
        jdbc.sql("update access_grant set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 second' where id = ?")
                .param(grant).update();
        jdbc.sql("update deployment set state = 'SUCCEEDED', finished_at = now(), worker = null, lease_until = null where id = ?")
                .param(blocker).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> state(queued).equals("FAILED"));
        assertThat(dev.get("/api/v1/deployments/" + queued).json().get("failureReason").asString())
                .contains("grant " + grant + " expired at").contains("while the deployment was queued");
    }

    @Test
    void malformedScopesAndDurationsAreRefusedAsBadRequests() {
        assertThat(dev.post("/api/v1/access/requests", DEPLOY_LOCKER.replace("[\"deploy\"]", "[null]")).status())
                .isEqualTo(400);
        assertThat(admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-dev", "actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"],
                 "duration": "P100000000000000D", "reason": "forever"}""").status()).isEqualTo(400);
        assertThat(admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-dev", "actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"],
                 "startsAt": "+1000000000-12-31T23:59:59Z", "duration": "PT1H", "reason": "far"}""").status()).isEqualTo(400);
    }

    @Test
    void grantsLongerThanAllowedAreRefusedButServiceAccountsMayHoldStandingOnes() {
        var tooLong = admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-dev", "actions": ["deploy"], "team": "vault", "environments": ["prod-eu"],
                 "duration": "PT9H", "reason": "all day"}""");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("duration");

        var standing = admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-ci", "actions": ["deploy", "rollback"], "services": ["safe"], "environments": ["prod-eu"],
                 "duration": "P14D", "reason": "CI ships safe"}""");
        assertThat(standing.status()).isEqualTo(201);
        assertThat(standing.json().get("subjectKind").asString()).isEqualTo("SERVICE_ACCOUNT");
        assertThat(admin1.post("/api/v1/access/grants", """
                {"grantee": "vault-ci", "actions": ["deploy"], "services": ["safe"], "environments": ["prod-eu"],
                 "duration": "P15D", "reason": "too long"}""").status()).isEqualTo(400);
        assertThat(dev.post("/api/v1/access/grants", """
                {"grantee": "vault-dev", "actions": ["deploy"], "services": ["locker"], "environments": ["prod-eu"],
                 "duration": "PT1H", "reason": "self-service"}""").status()).as("only administrators grant").isEqualTo(403);
    }

    @Test
    void pendingRequestsExpireAndAreThenNoLongerDecidable() {
        long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
        jdbc.sql("update access_request set expires_at = now() - interval '1 second' where id = ?").param(id).update();

        assertThat(admin1.post("/api/v1/access/requests/" + id + "/approve", "{}").status()).isEqualTo(409);
        context.getBean(AccessExpiry.class).run();

        assertThat(dev.get("/api/v1/access/requests/" + id).json().get("state").asString()).isEqualTo("EXPIRED");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'access-request.expire' and target_id = ?")
                .param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void requestsApprovalsAndProductionDeploymentsAreAnnouncedToSubscribedWebhooksInTheirTransaction() {
        var webhooks = context.getBean(Webhooks.class);
        var access = context.getBean(AccessPolicy.class);
        access.asSystem(() -> webhooks.list().forEach(webhook -> webhooks.delete(webhook.id())));
        // Written straight into the table: the facade refuses a loopback address and a short secret, which keep
        // the deliveries from reaching anything.
        long hook = jdbc.sql("""
                insert into webhook_endpoint (name, url, secret, events, enabled, created_at, created_by_name, updated_at)
                values ('chat', 'http://127.0.0.1:1/hook', 's3cret',
                        '{access-request.create,access-grant.create,deployment.start,deployment.succeeded}', true, now(), 'test', now())
                returning id""").query(Long.class).single();
        try {
            long id = dev.post("/api/v1/access/requests", DEPLOY_LOCKER).json().get("id").asLong();
            assertThat(dev.post("/api/v1/access/requests", DEPLOY_LOCKER.replace("PT1H", "PT99H")).status()).isEqualTo(400);
            admin1.post("/api/v1/access/requests/" + id + "/approve", "{}");
            long deployment = dev.post("/api/v1/deployments", deployment("locker", "prod-eu")).json().get("id").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(deployment).equals("SUCCEEDED"));

            List<String> events = jdbc.sql("select event from webhook_delivery where endpoint_id = ? order by id")
                    .param(hook).query(String.class).list();
            assertThat(events).containsExactly("access-request.create", "access-grant.create", "deployment.start",
                    "deployment.succeeded");
            String requested = jdbc.sql("select payload from webhook_delivery where endpoint_id = ? order by id limit 1")
                    .param(hook).query(String.class).single();
            assertThat(requested).contains("\"text\":\"vault-dev requests access to deploy locker in prod-eu for 1 h: INC-42 hotfix");
        } finally {
            access.asSystem(() -> webhooks.delete(hook));
        }
    }

    /** A deployment of release 1.0.0 rolling out on another Slipway process, as the deployment table holds it. */
    private long blockTheQueue(String service, String environment) {
        long serviceId = context.getBean(ServiceCatalog.class).ref(service).id();
        long environmentId = context.getBean(EnvironmentCatalog.class).ref(environment).id();
        return jdbc.sql("""
                insert into deployment (service_id, environment_id, release_id, state, requested_by_name, created_at,
                    started_at, worker, lease_until)
                select r.service_id, ?, r.id, 'ROLLING_OUT', 'elsewhere', now(), now(), 'another-slipway', now() + interval '1 hour'
                from release r
                where r.service_id = ? and r.version = '1.0.0' returning id""").params(environmentId, serviceId)
                .query(Long.class).single();
    }

    private String state(long id) {
        return jdbc.sql("select state from deployment where id = ?").param(id).query(String.class).single();
    }

    private static String deployment(String service, String environment) {
        return "{\"service\": \"" + service + "\", \"environment\": \"" + environment + "\", \"version\": \"1.0.0\"}";
    }
}
