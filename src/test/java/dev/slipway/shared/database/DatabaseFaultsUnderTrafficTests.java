package dev.slipway.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.SlipwayChildProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway in a JVM of its own while clients keep writing and reading; its database goes away under that traffic,
 * once killed (the embedded PostgreSQL, which Slipway starts again itself) and once stopped by an operator and started
 * again (an external PostgreSQL). Every answer is a success or a 503 that comes within seconds; every write that was
 * acknowledged is there afterwards; the audit chain verifies.
 */
class DatabaseFaultsUnderTrafficTests {

    private static final String PASSWORD = "traffic-test-password";
    private static final Duration SLOWEST_ANSWER = Duration.ofSeconds(10);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the log of a failed run stays for reading
    Path folder;

    private Process slipway;
    private EmbeddedPostgres external;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (slipway != null) {
            slipway.destroy();
            if (!slipway.waitFor(60, TimeUnit.SECONDS)) {
                slipway.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        if (external != null) {
            external.close();
        }
        new EmbeddedPostgresServer(folder.resolve("data/postgres")).postmaster().ifPresent(ProcessHandle::destroy);
    }

    @Test
    void anEmbeddedDatabaseKilledUnderTrafficLosesNothingAcknowledged() throws Exception {
        var server = new EmbeddedPostgresServer(folder.resolve("data/postgres"));
        int port = startSlipway("--spring.datasource.url=", "--slipway.data-dir=" + folder.resolve("data"),
                "--slipway.embedded-database.check-interval=3s");
        String token = token(port);

        var traffic = new Traffic(port, token);
        try (traffic) {
            traffic.awaitAcknowledged(20);
            ProcessHandle postmaster = server.postmaster().orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
            traffic.awaitStatus(503);
            int before = traffic.acknowledged.size();
            await().atMost(Duration.ofSeconds(90)).until(() -> traffic.acknowledged.size() > before + 20);
            traffic.stop();
            traffic.assertEveryAnswerWasSuccessOr503Quickly();
        }
        assertEveryAcknowledgedTeamIsThere(port, token, traffic.acknowledged);
    }

    @Test
    void anExternalDatabaseStoppedAndStartedUnderTrafficLosesNothingAcknowledged() throws Exception {
        var server = new EmbeddedPostgresServer(folder.resolve("external"));
        external = server.start();
        int databasePort = external.getPort();
        int port = startSlipway("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--slipway.data-dir=" + folder.resolve("data"));
        String token = token(port);

        var traffic = new Traffic(port, token);
        try (traffic) {
            traffic.awaitAcknowledged(20);
            external.close(); // an operator's "pg_ctl stop -m fast": open connections are ended
            external = null;
            traffic.awaitStatus(503);
            Thread.sleep(5_000); // a while without a database, as a restart by an operator takes
            int before = traffic.acknowledged.size();
            external = server.start(databasePort);
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.acknowledged.size() > before + 20);
            traffic.stop();
            traffic.assertEveryAnswerWasSuccessOr503Quickly();
        }
        assertEveryAcknowledgedTeamIsThere(port, token, traffic.acknowledged);
    }

    /** Four writers creating teams and two readers listing them, until stopped; every answer is recorded. */
    private final class Traffic implements AutoCloseable {

        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final List<String> wrong = new CopyOnWriteArrayList<>();
        final AtomicLong slowestNanos = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sequence = new AtomicInteger();
        private final List<Thread> clients = new ArrayList<>();

        Traffic(int port, String token) {
            for (int i = 0; i < 6; i++) {
                boolean writer = i < 4;
                var client = new Thread(() -> {
                    while (running.get()) {
                        String slug = "traffic-" + sequence.incrementAndGet();
                        long sent = System.nanoTime();
                        int status = 0;
                        try {
                            var answer = writer
                                    ? send(port, "POST", "/api/v1/teams", token,
                                            "{\"slug\": \"" + slug + "\", \"name\": \"Team " + slug + "\"}")
                                    : send(port, "GET", "/api/v1/teams?size=5", token, null);
                            record(answer, System.nanoTime() - sent);
                            status = answer.statusCode();
                            if (writer && answer.statusCode() == 201) {
                                acknowledged.add(slug);
                            }
                        } catch (IOException e) {
                            wrong.add("no answer: " + e);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (status == 503) {
                            pause(); // a client told 503 waits a little, as Retry-After asks, if not as long
                        }
                    }
                }, "traffic-" + i);
                client.setDaemon(true);
                client.start();
                clients.add(client);
            }
        }

        private void record(HttpResponse<String> answer, long nanos) {
            statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            slowestNanos.accumulateAndGet(nanos, Math::max);
            boolean problem = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            if (answer.statusCode() >= 300 && (answer.statusCode() != 503 || !problem
                    || answer.headers().firstValue("Retry-After").isEmpty())) {
                wrong.add(answer.statusCode() + " " + answer.body());
            }
        }

        void awaitAcknowledged(int count) {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= count);
        }

        void awaitStatus(int status) {
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses.containsKey(status));
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(40_000);
            }
        }

        void assertEveryAnswerWasSuccessOr503Quickly() {
            assertThat(wrong).as("answers other than a success or a 503 problem detail with Retry-After").isEmpty();
            assertThat(Duration.ofNanos(slowestNanos.get())).as("the slowest answer").isLessThan(SLOWEST_ANSWER);
            assertThat(statuses.get(503).get()).isPositive();
            System.out.printf("Traffic through a database outage: %s (status: answers), %d teams acknowledged%n",
                    statuses, acknowledged.size());
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }

        private void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void assertEveryAcknowledgedTeamIsThere(int port, String token, List<String> acknowledged)
            throws Exception {
        for (String slug : acknowledged) {
            assertThat(send(port, "GET", "/api/v1/teams/" + slug, token, null).statusCode()).as(slug).isEqualTo(200);
            assertThat(send(port, "GET", "/api/v1/audit?action=team.create&targetId=" + slug, token, null).body())
                    .as("the audit event of " + slug).contains("\"targetId\":\"" + slug + "\"");
        }
        var verified = send(port, "GET", "/api/v1/audit/verify", token, null);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.body()).contains("\"intact\":true");
    }

    private int startSlipway(String... arguments) throws IOException, InterruptedException {
        var all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--slipway.deploy.sandbox.state-dir=", "--slipway.demo.enabled=false",
                "--slipway.identity.bootstrap-admin-password=" + PASSWORD));
        var started = SlipwayChildProcess.start(folder.resolve("slipway.log"), all.toArray(String[]::new));
        slipway = started.process();
        return started.port();
    }

    private String token(int port) throws Exception {
        return SlipwayChildProcess.adminToken(port, PASSWORD, "catalog:read", "catalog:write", "audit:read");
    }

    private HttpResponse<String> send(int port, String method, String path, String token, String json)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
