package dev.slipway;

import static dev.slipway.testsupport.WharfServices.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.deploy.cluster.RolloutSimulator;
import dev.slipway.deploy.cluster.SandboxApiServer;
import dev.slipway.testsupport.PrometheusScrape;
import dev.slipway.testsupport.SlipwayChildProcess;
import dev.slipway.testsupport.TestPostgres;
import dev.slipway.testsupport.WharfServices;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two Slipway processes on one PostgreSQL, deploying to one cluster (a sandbox API server in this JVM, which both
 * reach by URL as they would a real one): a portal session made on one serves the other, the deployment queue is
 * shared with every deployment carried out once, a scheduled job runs once per interval between them, the audit chain
 * stays linear, and a replica stopped with SIGTERM mid-rollout hands its rollouts to the other, which finishes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralReplicasTests {

    private static final String PASSWORD = "replicas-test-password";
    private static final Duration DRIFT_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;]+)");

    @TempDir
    static Path folder;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private SandboxApiServer cluster;
    private KubernetesClient simulatorClient;
    private RolloutSimulator simulator;
    private JdbcClient jdbc;
    private Replica first;
    private Replica second;
    private List<String> services;

    private record Replica(Process process, int port, Path log, String token) {

        /** The part of a deployment's worker that names this process ("pid@host/…"). */
        boolean holds(String worker) {
            return worker.startsWith(process.pid() + "@");
        }
    }

    @BeforeAll
    void start() throws Exception {
        cluster = SandboxApiServer.start(0, null);
        simulatorClient = cluster.newClient();
        simulator = new RolloutSimulator(simulatorClient, Duration.ofSeconds(5));
        simulator.start();
        var database = TestPostgres.newDatabase();
        jdbc = database.jdbc();
        // Both start at once on a new database, as a Deployment's pods do: they migrate it and create the
        // administrator in turn.
        var firstLaunched = launch(database, "first.log");
        var secondLaunched = launch(database, "second.log");
        first = ready(firstLaunched, "first.log");
        second = ready(secondLaunched, "second.log");
        assertThat(jdbc.sql("select count(*) from app_user where username = 'admin'").query(Long.class).single())
                .as("one administrator, however the two starts met").isOne();
        services = WharfServices.create(jdbc, 24);
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        simulator.close();
        simulatorClient.close();
        cluster.close();
    }

    @Test
    @Order(1)
    void aPortalSessionMadeOnOneReplicaServesTheOther() throws Exception {
        var login = send(first, "GET", "/login", null, null);
        String cookie = sessionCookie(login, null);
        var signedIn = send(first, "POST", "/login", cookie, "username=admin&password=" + PASSWORD + "&_csrf="
                + csrf(login.body()));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
        cookie = sessionCookie(signedIn, cookie);

        var account = send(second, "GET", "/account", cookie, null);
        assertThat(account.statusCode()).as("signed in on the first replica, served by the second").isEqualTo(200);
        assertThat(account.body()).contains("admin");
        var signedOut = send(second, "POST", "/logout", cookie, "_csrf=" + csrf(account.body()));
        assertThat(signedOut.headers().firstValue("Location")).hasValue("/login?logout");

        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = 'admin'").query(Long.class)
                .single()).as("signing out on the second replica removed the session").isZero();
        assertThat(send(first, "GET", "/account", cookie, null).headers().firstValue("Location"))
                .as("the first replica knows it ended").hasValue("/login");
    }

    @Test
    @Order(2)
    void deploymentsQueuedOnEitherReplicaAreEachCarriedOutOnce() throws Exception {
        List<Long> ids = services.subList(0, 20).stream().map(service -> deploy(
                services.indexOf(service) % 2 == 0 ? first : second, service)).toList();
        Set<String> workers = new HashSet<>();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
            workers.addAll(jdbc.sql("select worker from deployment where worker is not null").query(String.class).list());
            return count(jdbc, ids, "state in ('SUCCEEDED', 'FAILED', 'CANCELLED')") == ids.size();
        });

        assertThat(count(jdbc, ids, "state = 'SUCCEEDED'")).isEqualTo(ids.size());
        for (long id : ids) {
            assertThat(WharfServices.eventKinds(jdbc, id)).as("deployment %d", id)
                    .containsOnlyOnce("APPLIED", "SUCCEEDED").doesNotContain("FAILED", "RESUMED");
            assertThat(WharfServices.auditEvents(jdbc, "deployment.start", id)).as("deployment %d", id).isEqualTo(1);
            assertThat(WharfServices.auditEvents(jdbc, "deployment.succeeded", id)).as("deployment %d", id).isEqualTo(1);
        }
        assertThat(workers).as("both replicas carried deployments out")
                .anyMatch(first::holds).anyMatch(second::holds);
    }

    @Test
    @Order(3)
    void aScheduledJobRunsOncePerIntervalAcrossBothReplicas() throws Exception {
        long window = 10;
        int[] before = {runs(first), runs(second), skips(first), skips(second)};
        Thread.sleep(window * 1000); // counting what the replicas' schedulers do in this window
        int firstRuns = runs(first) - before[0];
        int secondRuns = runs(second) - before[1];
        int firstAttempts = firstRuns + skips(first) - before[2];
        int secondAttempts = secondRuns + skips(second) - before[3];

        int drifted = firstRuns + secondRuns;
        assertThat(drifted).as("drift checks in %d s at an interval of %s, between both replicas", window, DRIFT_INTERVAL)
                .isBetween((int) (window / 2), (int) (window * 10 / 9) + 1);
        assertThat(firstAttempts + secondAttempts)
                .as("without the lock each replica runs it at each turn: about twice as often")
                .isGreaterThanOrEqualTo(drifted * 3 / 2);
        assertThat(firstAttempts).isGreaterThanOrEqualTo(drifted / 2);
        assertThat(secondAttempts).isGreaterThanOrEqualTo(drifted / 2);
        String lockedBy = jdbc.sql("select locked_by from shedlock where name = 'deploy-drift'").query(String.class)
                .single();
        assertThat(lockedBy).matches(by -> first.holds(by + "/") || second.holds(by + "/"), "names a replica");
    }

    @Test
    @Order(4)
    void theAuditChainWrittenByBothReplicasIsIntact() throws Exception {
        for (Replica replica : List.of(first, second)) {
            var verified = SlipwayChildProcess.auditVerification(replica.port(), PASSWORD);
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
            assertThat(verified.body()).contains("\"intact\":true");
        }
    }

    @Test
    @Order(5)
    void aReplicaStoppedMidRolloutHandsItToTheOtherWhichFinishesIt() throws Exception {
        List<Long> ids = services.subList(20, 24).stream().map(service -> deploy(first, service)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc, ids, "state = 'ROLLING_OUT'") == ids.size());
        long handedOver = jdbc.sql("select id from deployment where id in (:ids) and worker like :pid")
                .param("ids", ids).param("pid", first.process().pid() + "@%").query(Long.class).list().stream()
                .findFirst().orElseThrow(() -> new AssertionError("the first replica follows none of the rollouts"));
        var inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port()
                        + "/api/v1/deployments/" + handedOver + "?wait=60s"))
                .header("Authorization", "Bearer " + first.token()).build(), HttpResponse.BodyHandlers.ofString());
        // The request is being served by the first replica (besides the scrape itself) before it is told to stop.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> PrometheusScrape
                .of(first.port(), first.token()).value("http_server_requests_active_seconds_count",
                        Map.of("method", "GET")) >= 2);

        long stoppedAt = System.nanoTime();
        first.process().destroy(); // SIGTERM: a graceful shutdown
        assertThat(first.process().waitFor(40, TimeUnit.SECONDS)).as("the first replica stopped").isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(jdbc, ids, "state in ('SUCCEEDED', 'FAILED', 'CANCELLED')") == ids.size());

        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("taken over before the 60 s lease ran out")
                .isLessThan(Duration.ofSeconds(45));
        assertThat(count(jdbc, ids, "state = 'SUCCEEDED'")).isEqualTo(ids.size());
        assertThat(WharfServices.eventKinds(jdbc, handedOver)).containsOnlyOnce("APPLIED", "RESUMED", "SUCCEEDED")
                .doesNotContain("FAILED");
        assertThat(WharfServices.auditEvents(jdbc, "deployment.succeeded", handedOver)).isEqualTo(1);
        var answered = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).as("the request in flight at the stop was answered").isEqualTo(200);
        assertThat(answered.body()).contains("\"state\":\"SUCCEEDED\"");
        assertThat(Files.readString(first.log())).contains("back to the queue for another Slipway process");
    }

    /** How often the replica ran the drift check, as ShedLock logs it. */
    private static int runs(Replica replica) throws IOException {
        return occurrences(replica, "Locked 'deploy-drift'");
    }

    /** How often the replica's turn came while another held the drift check. */
    private static int skips(Replica replica) throws IOException {
        return occurrences(replica, "Not executing 'deploy-drift'. It's locked.");
    }

    private static int occurrences(Replica replica, String line) throws IOException {
        return (int) Files.readAllLines(replica.log()).stream().filter(l -> l.contains(line)).count();
    }

    private long deploy(Replica replica, String service) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port()
                            + "/api/v1/deployments")).header("Authorization", "Bearer " + replica.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\": \"" + service
                            + "\", \"environment\": \"wharf-test\", \"version\": \"1.0.0\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(response.body());
            assertThat(id.find()).isTrue();
            return Long.parseLong(id.group(1));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(Replica replica, String method, String path, String cookie, String form)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + path))
                .header("Accept", "text/html");
        if (cookie != null) {
            request.header("Cookie", "JSESSIONID=" + cookie);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return http.send(request.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The session cookie the response sets, else the one the client had. */
    private static String sessionCookie(HttpResponse<String> response, String had) {
        return response.headers().allValues("Set-Cookie").stream().map(SESSION_COOKIE::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).reduce((a, b) -> b).orElse(had);
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("a CSRF token on the page").isTrue();
        return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }

    private SlipwayChildProcess.Started launch(TestPostgres.Database database, String logName) throws IOException {
        var launched = SlipwayChildProcess.launch(folder.resolve(logName),
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--slipway.data-dir=" + folder.resolve("data"),
                "--slipway.deploy.clusters.default.url=" + cluster.url(),
                // A lease far longer than the test's wait for a handover: the other replica takes a stopped one's
                // rollouts up because they were handed back, not because their lease ran out.
                "--slipway.deploy.lease=60s",
                "--slipway.deploy.drift-interval=" + DRIFT_INTERVAL.toSeconds() + "s",
                "--logging.level.net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor=debug",
                "--logging.level.dev.slipway.deploy.DeploymentRunner=info",
                "--slipway.demo.enabled=false",
                "--slipway.identity.bootstrap-admin-password=" + PASSWORD);
        processes.add(launched.process());
        return launched;
    }

    private Replica ready(SlipwayChildProcess.Started launched, String logName) throws Exception {
        Path log = folder.resolve(logName);
        var started = SlipwayChildProcess.awaitReady(launched, log);
        String token = SlipwayChildProcess.adminToken(started.port(), PASSWORD, "deployments:write", "catalog:read",
                "metrics:read");
        return new Replica(started.process(), started.port(), log, token);
    }
}
