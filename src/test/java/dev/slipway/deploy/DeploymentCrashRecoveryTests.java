package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.SlipwayChildProcess;
import dev.slipway.testsupport.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slipway in a JVM of its own, killed with SIGKILL while 20 rollouts are underway on its sandbox cluster, and
 * started again on the same database and sandbox folder: every deployment must end SUCCEEDED exactly once, none
 * failed by the crash and none applied twice.
 */
class DeploymentCrashRecoveryTests {

    private static final String PASSWORD = "crash-test-password";

    @TempDir
    Path folder;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void rolloutsUnderwayWhenSlipwayIsKilledAllSucceedOnceAfterTheRestart() throws Exception {
        var database = TestPostgres.newDatabase();
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.url());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());
        JdbcClient jdbc = JdbcClient.create(dataSource);

        Process first = start(database, "first.log").process();
        List<Long> ids = queueTwentyDeployments(jdbc);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, ids, "state = 'ROLLING_OUT'") == ids.size());

        first.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no lease released
        assertThat(count(jdbc, ids, "state in ('SUCCEEDED', 'FAILED')")).as("the crash came mid-rollout").isZero();
        int port = start(database, "second.log").port();

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(jdbc, ids, "state in ('SUCCEEDED', 'FAILED', 'CANCELLED')") == ids.size());
        assertThat(count(jdbc, ids, "state = 'SUCCEEDED'")).isEqualTo(ids.size());
        for (long id : ids) {
            List<String> kinds = jdbc.sql("select kind from deployment_event where deployment_id = ? order by id")
                    .param(id).query(String.class).list();
            assertThat(kinds).as("deployment %d", id).containsOnlyOnce("APPLIED", "SUCCEEDED", "RESUMED")
                    .doesNotContain("FAILED");
            assertThat(jdbc.sql("select count(*) from audit_event where action = 'deployment.succeeded' and target_id = ?")
                    .param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        }
        var verified = auditVerification(port);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.body()).contains("\"intact\":true");
    }

    /** The audit chain as Slipway itself verifies it, asked with a token of the bootstrap administrator. */
    private static HttpResponse<String> auditVerification(int port) throws IOException, InterruptedException {
        String token = SlipwayChildProcess.adminToken(port, PASSWORD, "audit:read");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/audit/verify")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Twenty services of one team, each with a release queued for one environment. */
    private static List<Long> queueTwentyDeployments(JdbcClient jdbc) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('wharf', 'Wharf', now(), now())").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at, updated_at)
                values ('wharf-test', 'Wharf test', false, 1, 'default', '{team}-{env}', now(), now())""").update();
        var ids = new ArrayList<Long>();
        for (int i = 0; i < 20; i++) {
            String slug = "pier-" + i;
            jdbc.sql("""
                    insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                    select ?, ?, id, 'PRODUCTION', 'registry.example.com/wharf/' || ?, now(), now() from team where slug = 'wharf'""")
                    .params(slug, slug, slug).update();
            jdbc.sql("""
                    insert into release (service_id, version, image, created_by_name, created_at)
                    select id, '1.0.0', image_repository || ':1.0.0', 'test', now() from service where slug = ?""")
                    .param(slug).update();
            ids.add(jdbc.sql("""
                    insert into deployment (service_id, environment_id, release_id, state, requested_by_name, created_at, phase)
                    select s.id, e.id, r.id, 'QUEUED', 'test', now(), 'queued'
                    from service s join release r on r.service_id = s.id, environment e
                    where s.slug = ? and e.slug = 'wharf-test' returning id""").param(slug).query(Long.class).single());
        }
        return ids;
    }

    private static long count(JdbcClient jdbc, List<Long> ids, String condition) {
        return jdbc.sql("select count(*) from deployment where id in (:ids) and " + condition).param("ids", ids)
                .query(Long.class).single();
    }

    private SlipwayChildProcess.Started start(TestPostgres.Database database, String logName)
            throws IOException, InterruptedException {
        var started = SlipwayChildProcess.start(folder.resolve(logName),
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--slipway.data-dir=" + folder.resolve("data"),
                "--slipway.deploy.sandbox.state-dir=" + folder.resolve("sandbox"),
                "--slipway.deploy.sandbox.rollout-time=8s",
                "--slipway.demo.enabled=false",
                "--slipway.identity.bootstrap-admin-password=" + PASSWORD);
        processes.add(started.process());
        return started;
    }
}
