package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TestIdentity;
import dev.slipway.shared.ConflictException;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeploymentQueueTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    DeploymentStore store;

    @Autowired
    DeploymentQueue queue;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    ManifestRenderer renderer;

    @Autowired
    Clusters clusters;

    @Autowired
    ServiceCatalog services;

    @Autowired
    EnvironmentCatalog environments;

    @Autowired
    Releases releases;

    @Autowired
    PlatformTransactionManager transactions;

    TestCatalog catalog;

    @BeforeEach
    void catalog() {
        catalog = new TestCatalog(context);
        catalog.team("yard", "Yard");
        catalog.environment(new EnvironmentRequest("yard-env", "Yard", false, 400, "default", "{team}-{env}"));
    }

    @AfterEach
    void signOut() {
        TestIdentity.clear();
    }

    @Test
    void twoWorkersNeverClaimTheSameDeployment() throws Exception {
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            queued.add(deployment("slip-" + i, "QUEUED"));
        }
        var claimed = Collections.synchronizedList(new ArrayList<Long>());
        var pool = Executors.newFixedThreadPool(2);
        var workers = new ArrayList<Callable<Void>>();
        for (String worker : List.of("worker-a", "worker-b")) {
            workers.add(() -> {
                for (int i = 0; i < 30; i++) {
                    store.claim(worker, 1).stream().filter(queued::contains).forEach(claimed::add);
                }
                return null;
            });
        }
        for (var future : pool.invokeAll(workers)) {
            future.get();
        }
        pool.shutdown();

        assertThat(claimed).doesNotHaveDuplicates().isNotEmpty();
        // Slipway's own runner works the same queue meanwhile; what a test worker claimed is that worker's alone.
        assertThat(jdbc.sql("select count(*) from deployment where id in (:ids) and worker in ('worker-a', 'worker-b')")
                .param("ids", claimed).query(Long.class).single()).isEqualTo(claimed.size());
        for (int i = 0; i < 30; i++) {
            deleteWhenSettled("slip-" + i);
        }
    }

    @Test
    void aRolloutLeftByAStoppedProcessIsResumedWithoutBeingAppliedAgain() {
        long id = deployment("resumed", "ROLLING_OUT");
        TestIdentity.actAsSystem();
        var service = services.ref("resumed");
        var environment = environments.ref("yard-env");
        var release = releases.get("resumed", "1.0.0");
        var manifest = renderer.render(service, environment, release, DeploySettings.defaults());
        var client = clusters.client("default");
        manifest.objects().forEach(object -> client.resource(object).fieldManager("slipway").forceConflicts()
                .serverSideApply());
        long generation = client.apps().deployments().inNamespace("yard-yard-env").withName("resumed").get()
                .getMetadata().getGeneration();
        // As a stopped process leaves it: applied, rolling out, its lease run out.
        jdbc.sql("""
                update deployment set state = 'ROLLING_OUT', manifest = ?, worker = 'stopped-process',
                    lease_until = now() - interval '1 minute', started_at = now(), desired_replicas = 2,
                    applied_generation = ?
                where id = ?""").params(manifest.yaml(), generation, id).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select state from deployment where id = ?")
                .param(id).query(String.class).single().equals("SUCCEEDED"));

        List<String> kinds = jdbc.sql("select kind from deployment_event where deployment_id = ? order by id").param(id)
                .query(String.class).list();
        assertThat(kinds).contains("RESUMED").doesNotContain("APPLIED");
        assertThat(client.apps().deployments().inNamespace("yard-yard-env").withName("resumed").get().getMetadata()
                .getGeneration()).isEqualTo(generation);
    }

    @Test
    void aRolloutWhoseObjectTheClusterLostIsAppliedAgainAndSaysSo() {
        long id = deployment("lost", "ROLLING_OUT");
        TestIdentity.actAsSystem();
        var manifest = renderer.render(services.ref("lost"), environments.ref("yard-env"), releases.get("lost", "1.0.0"),
                DeploySettings.defaults());
        // Applied before the process stopped, but the cluster came back without it.
        jdbc.sql("""
                update deployment set manifest = ?, lease_until = now() - interval '1 minute', started_at = now(),
                    desired_replicas = 2, applied_generation = 1
                where id = ?""").params(manifest.yaml(), id).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select state from deployment where id = ?")
                .param(id).query(String.class).single().equals("SUCCEEDED"));

        assertThat(jdbc.sql("select message from deployment_event where deployment_id = ? and kind = 'RESUMED'")
                .param(id).query(String.class).single())
                .contains("is not in namespace yard-yard-env").contains("applied the recorded manifest again");
        assertThat(clusters.client("default").apps().deployments().inNamespace("yard-yard-env").withName("lost").get())
                .isNotNull();
    }

    @Test
    void aDeploymentToAnIdlePairStartsWhileTwoHundredOthersWait() {
        long busy = deployment("backlog", "ROLLING_OUT"); // held by a process that is still alive (its lease runs)
        jdbc.sql("update deployment set lease_until = now() + interval '10 minutes' where id = ?").param(busy).update();
        for (int i = 0; i < 200; i++) {
            jdbc.sql("""
                    insert into deployment (service_id, environment_id, release_id, state, requested_by_name, created_at)
                    select service_id, environment_id, release_id, 'QUEUED', 'test', now() from deployment where id = ?""")
                    .param(busy).update();
        }
        long idle = deployment("idle", "QUEUED");
        jdbc.sql("update deployment set worker = null, lease_until = null where id = ?").param(idle).update();

        await().atMost(Duration.ofSeconds(3)).until(() -> !jdbc.sql("select state from deployment where id = ?")
                .param(idle).query(String.class).single().equals("QUEUED"));

        assertThat(jdbc.sql("select count(*) from deployment where service_id = ? and state = 'QUEUED'")
                .param(services.ref("backlog").id()).query(Long.class).single()).isEqualTo(200);
        // The backlog shows as the queue's depth, on the Deployments page and as a metric.
        assertThat(queue.depth().queued()).isGreaterThanOrEqualTo(200);
        assertThat(queue.depth().oldestWait()).isPositive();
        var users = new TestUsers(context, port);
        String scraper = users.token(users.person("queue-watcher", Role.ADMIN), null,
                Scope.METRICS_READ);
        assertThat(new HttpApi(port).withToken(scraper).get("/actuator/prometheus").body())
                .containsPattern("slipway_deployments_queued [0-9]{3}");
        deleteWhenSettled("backlog");
        deleteWhenSettled("idle");
    }

    @Test
    void aFinishedDeploymentNeverChangesAgainAndWrongTransitionsAreRefusedByTheDatabase() {
        long finished = deployment("settled", "SUCCEEDED");
        long applying = deployment("waiting", "APPLYING"); // held by a live process: nothing else touches it

        assertThat(store.finish(finished, "stopped-process", DeploymentState.FAILED, "late")).isEmpty();
        assertThat(store.cancel(finished, "someone")).isFalse();
        Assertions.assertThatThrownBy(() -> jdbc.sql(
                        "update deployment set state = 'ROLLING_OUT' where id = ?").param(finished).update())
                .hasMessageContaining("can no longer change");
        Assertions.assertThatThrownBy(() -> jdbc.sql(
                        "update deployment set state = 'CANCELLED' where id = ?").param(applying).update())
                .hasMessageContaining("cannot go from APPLYING to CANCELLED");
        Assertions.assertThatThrownBy(() -> jdbc.sql(
                        "update deployment set state = 'QUEUED' where id = ?").param(applying).update())
                .hasMessageContaining("cannot go from APPLYING to QUEUED");
        assertThat(jdbc.sql("select state from deployment where id = ?").param(finished).query(String.class).single())
                .isEqualTo("SUCCEEDED");
        deleteWhenSettled("settled");
        deleteWhenSettled("waiting");
    }

    @Test
    void thePortalSaysWhyAServiceWithADeploymentUnderwayIsNotDeleted() {
        long underway = deployment("in-portal", "APPLYING");
        new TestUsers(context, port).person("portal-keeper", Role.ADMIN);
        var portal = new PortalClient(port);
        portal.signIn("portal-keeper", TestUsers.PASSWORD);

        var refused = portal.post("/services/in-portal/delete", Map.of());

        assertThat(refused.header("Location")).endsWith("/services/in-portal");
        assertThat(portal.get("/services/in-portal").body()).contains("flash-error")
                .contains("has a deployment underway (#" + underway + ")");
        assertThat(store.find(underway)).map(DeploymentView::state).contains(DeploymentState.APPLYING);
        store.finish(underway, "stopped-process", DeploymentState.FAILED, "stopped");
    }

    @Test
    void aServiceWithADeploymentUnderwayIsNotDeletedUntilTheDeploymentHasEnded() {
        long underway = deployment("midway", "ROLLING_OUT");
        TestIdentity.actAsSystem();
        long releaseId = releases.get("midway", "1.0.0").id();
        var admin = new HttpApi(port).withToken(new TestUsers(context, port).token(
                new TestUsers(context, port).person("catalog-keeper", Role.ADMIN), null, Scope.CATALOG_READ,
                Scope.CATALOG_WRITE));

        var refused = admin.delete("/api/v1/services/midway");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).isEqualTo("Service 'midway' has a deployment underway (#"
                + underway + "). Wait until it has ended, then delete it.");
        assertThat(admin.get("/api/v1/services/midway").status()).isEqualTo(200);
        assertThat(store.find(underway)).map(DeploymentView::state).contains(DeploymentState.ROLLING_OUT);

        assertThat(store.finish(underway, "stopped-process", DeploymentState.FAILED, "stopped")).isPresent();
        assertThat(admin.delete("/api/v1/services/midway").status()).isEqualTo(204);

        assertThat(store.find(underway)).isEmpty();
        assertThat(jdbc.sql("select count(*) from release where id = ?").param(releaseId).query(Long.class).single())
                .isZero();
    }

    @Test
    void deletingAServiceTakesItsFinishedAndQueuedDeploymentsReleasesAndSettingsWithIt() {
        long finished = deployment("retired", "SUCCEEDED");
        long serviceId = services.ref("retired").id();
        jdbc.sql("insert into deploy_settings (service_id, environment_id, replicas, container_port, cpu_request, "
                        + "cpu_limit, memory_request, memory_limit, rollout_timeout_s, updated_at) "
                        + "values (?, ?, 1, 8080, '100m', '200m', '64Mi', '128Mi', 60, now())")
                .params(serviceId, environments.ref("yard-env").id()).update();

        // Queued and deleted in one transaction, so that Slipway's runner cannot take it up first.
        long queued = new TransactionTemplate(transactions).execute(status -> {
            long id = deployment("retired", "QUEUED");
            catalog.deleteService("retired");
            return id;
        });

        assertThat(store.find(finished)).isEmpty();
        assertThat(store.find(queued)).isEmpty();
        for (String table : List.of("deployment", "release", "deploy_settings")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where service_id = ?").param(serviceId)
                    .query(Long.class).single()).as(table).isZero();
        }
    }

    @Test
    void anEnvironmentWithADeploymentUnderwayIsNotDeletedUntilTheDeploymentHasEnded() {
        catalog.environment(new EnvironmentRequest("short-lived", "Short-lived", false, 401, "default", "{team}-{env}"));
        long underway = deployment("visitor", "APPLYING", "short-lived");
        long done = deployment("visitor", "SUCCEEDED", "short-lived");
        TestIdentity.actAsSystem();

        Assertions.assertThatThrownBy(() -> catalog.deleteEnvironment("short-lived"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Environment 'short-lived' has a deployment underway (#" + underway
                        + "). Wait until it has ended, then delete it.");
        assertThat(store.find(underway)).map(DeploymentView::state).contains(DeploymentState.APPLYING);

        store.finish(underway, "stopped-process", DeploymentState.FAILED, "stopped");
        catalog.deleteEnvironment("short-lived");

        assertThat(store.find(underway)).isEmpty();
        assertThat(store.find(done)).isEmpty();
        assertThat(releases.get("visitor", "1.0.0")).isNotNull();
        deleteWhenSettled("visitor");
    }

    /**
     * Deletes a service once none of its deployments is underway: the queued ones are cancelled, the ones this class's
     * stand-in workers hold are failed, and the ones Slipway's runner took up are awaited.
     */
    private void deleteWhenSettled(String slug) {
        long service = services.ref(slug).id();
        jdbc.sql("update deployment set state = 'CANCELLED', finished_at = now() where service_id = ? and state = 'QUEUED'")
                .param(service).update();
        jdbc.sql("""
                update deployment set state = 'FAILED', finished_at = now()
                where service_id = ? and state in ('APPLYING', 'ROLLING_OUT')
                  and worker in ('stopped-process', 'worker-a', 'worker-b')""").param(service).update();
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.sql(
                "select count(*) from deployment where service_id = ? and state in ('APPLYING', 'ROLLING_OUT')")
                .param(service).query(Long.class).single() == 0);
        catalog.deleteService(slug);
    }

    /**
     * A service (made through the catalog) with one release and a deployment of it in the given state, as the
     * deployment table holds it.
     */
    private long deployment(String slug, String state) {
        return deployment(slug, state, "yard-env");
    }

    private long deployment(String slug, String state, String environmentSlug) {
        catalog.service(slug, slug, "yard", Lifecycle.PRODUCTION, "registry.example.com/yard/" + slug);
        var service = services.ref(slug);
        long environment = environments.ref(environmentSlug).id();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                values (?, '1.0.0', ?, 'test', now())
                on conflict do nothing""").params(service.id(), service.imageRepository() + ":1.0.0").update();
        long release = jdbc.sql("select id from release where service_id = ? and version = '1.0.0'")
                .param(service.id()).query(Long.class).single();
        return jdbc.sql("""
                insert into deployment (service_id, environment_id, release_id, state, requested_by_name, created_at,
                    worker, lease_until)
                values (?, ?, ?, ?, 'test', now(), 'stopped-process', now() + interval '1 minute') returning id""")
                .params(service.id(), environment, release, state).query(Long.class).single();
    }
}
