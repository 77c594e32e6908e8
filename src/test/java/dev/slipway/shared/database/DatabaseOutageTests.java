package dev.slipway.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.SlipwayChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway on its embedded defaults in a JVM of its own; its PostgreSQL is killed with SIGKILL. While the database is
 * away, requests are answered 503 within seconds (with Retry-After; a problem detail in the API, a page in the
 * portal), readiness says DOWN and liveness UP; then Slipway starts the database again by itself and everything
 * committed before is still there.
 */
class DatabaseOutageTests {

    private static final String PASSWORD = "outage-test-password";

    @TempDir
    Path folder;

    private Process slipway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws InterruptedException {
        if (slipway != null) {
            slipway.destroy();
            if (!slipway.waitFor(60, TimeUnit.SECONDS)) {
                slipway.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        new EmbeddedPostgresServer(folder.resolve("data/postgres")).postmaster().ifPresent(ProcessHandle::destroy);
    }

    @Test
    void aKilledEmbeddedDatabaseGives503sThenComesBackWithoutAPerson() throws Exception {
        int port = start();
        String token = token(port);
        var portal = new PortalClient(port);
        portal.signIn("admin", PASSWORD);
        var created = send(port, "POST", "/api/v1/teams", token, "{\"slug\": \"kept\", \"name\": \"Kept\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        long sent = System.nanoTime();
        var refused = duringOutage(() -> send(port, "GET", "/api/v1/teams", token, null));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(60));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("database");
        var page = duringOutage(() -> {
            var answer = portal.get("/teams");
            return new SimpleResponse(answer.status(), answer.body());
        });
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("Slipway is reconnecting");
        assertThat(duringOutage(() -> send(port, "GET", "/actuator/health/readiness", null, null)).statusCode())
                .isEqualTo(503);
        assertThat(duringOutage(() -> send(port, "GET", "/actuator/health/liveness", null, null)).statusCode())
                .isEqualTo(200);

        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> send(port, "GET", "/api/v1/teams/kept", token, null).statusCode() == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Slipway did not recover; the end of its log:\n" + logTail(), e);
        }
        assertThat(send(port, "GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    }

    private String logTail() throws IOException {
        var lines = Files.readAllLines(folder.resolve("slipway.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** What the portal client answered, in the shape the other requests have. */
    private record SimpleResponse(int statusCode, String body) {
    }

    /**
     * Kills the database and sends the request; Slipway starts its database again within its check interval, so the
     * answer counts only if the database was still away when it came (else the outage is made again).
     */
    private <R> R duringOutage(Callable<R> request)
            throws Exception {
        var server = new EmbeddedPostgresServer(folder.resolve("data/postgres"));
        for (int attempt = 0; attempt < 10; attempt++) {
            var postmaster = server.postmaster().filter(ProcessHandle::isAlive);
            if (postmaster.isPresent()) {
                awaitAcceptingConnections(); // a server still starting up is not killed: that is another test
                postmaster.get().destroyForcibly();
                postmaster.get().onExit().get(10, TimeUnit.SECONDS);
            }
            long sent = System.nanoTime();
            R response = request.call();
            if (!server.running()) {
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered while the database is away")
                        .isLessThan(Duration.ofSeconds(10));
                return response;
            }
        }
        throw new AssertionError("the database came back too quickly, ten times, to see an outage");
    }

    private void awaitAcceptingConnections() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            String pidFile = Files.readString(folder.resolve("data/postgres/postmaster.pid"));
            int port = Integer.parseInt(pidFile.lines().skip(3).findFirst().orElseThrow().trim());
            try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port
                    + "/postgres", "postgres", "")) {
                return connection.isValid(2);
            }
        });
    }

    private int start() throws IOException, InterruptedException {
        var started = SlipwayChildProcess.start(folder.resolve("slipway.log"),
                "--spring.datasource.url=",
                "--slipway.data-dir=" + folder.resolve("data"),
                "--slipway.deploy.sandbox.state-dir=",
                "--slipway.demo.enabled=false",
                "--slipway.identity.bootstrap-admin-password=" + PASSWORD,
                // Checked less often here, so that an outage lasts long enough to be seen.
                "--slipway.embedded-database.check-interval=10s");
        slipway = started.process();
        return started.port();
    }

    private String token(int port) throws Exception {
        return SlipwayChildProcess.adminToken(port, PASSWORD, "catalog:read", "catalog:write");
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
