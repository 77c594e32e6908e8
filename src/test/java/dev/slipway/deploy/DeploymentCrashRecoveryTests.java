package dev.slipway.deploy;

import static dev.slipway.testsupport.WharfServices.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.SlipwayChildProcess;
import dev.slipway.testsupport.TestPostgres;
import dev.slipway.testsupport.WharfServices;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        JdbcClient jdbc = database.jdbc();

        Process first = start(database, "first.log").process();
        List<Long> ids = WharfServices.queue(jdbc, WharfServices.create(jdbc, 20));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, ids, "state = 'ROLLING_OUT'") == ids.size());

        first.destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no lease released
        assertThat(count(jdbc, ids, "state in ('SUCCEEDED', 'FAILED')")).as("the crash came mid-rollout").isZero();
        int port = start(database, "second.log").port();

        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(jdbc, ids, "state in ('SUCCEEDED', 'FAILED', 'CANCELLED')") == ids.size());
        assertThat(count(jdbc, ids, "state = 'SUCCEEDED'")).isEqualTo(ids.size());
        for (long id : ids) {
            assertThat(WharfServices.eventKinds(jdbc, id)).as("deployment %d", id)
                    .containsOnlyOnce("APPLIED", "SUCCEEDED", "RESUMED").doesNotContain("FAILED");
            assertThat(WharfServices.auditEvents(jdbc, DeploymentSucceeded.NAME, id)).isEqualTo(1);
        }
        var verified = SlipwayChildProcess.auditVerification(port, PASSWORD);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.body()).contains("\"intact\":true");
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
