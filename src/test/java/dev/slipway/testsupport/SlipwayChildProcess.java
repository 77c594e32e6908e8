package dev.slipway.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Slipway in a JVM of its own (the tests' classpath), for tests that kill it or its database: started with the
 * given arguments on a free port, and returned once readiness answers 200. Its log goes to {@code log}.
 */
public final class SlipwayChildProcess {

    private SlipwayChildProcess() {
    }

    /** The started process and its port. */
    public record Started(Process process, int port) {
    }

    public static Started start(Path log, String... arguments) throws IOException, InterruptedException {
        return start(log, Map.of(), null, Duration.ofMinutes(5), arguments);
    }

    /**
     * Started with these environment variables added, and returned once readiness answers 200 on
     * {@code managementPort} (on the HTTP port when null) within {@code startWithin}.
     */
    public static Started start(Path log, Map<String, String> environment, @Nullable Integer managementPort,
            Duration startWithin, String... arguments) throws IOException, InterruptedException {
        return awaitReady(launch(log, environment, arguments), log, managementPort, startWithin);
    }

    /** Starts Slipway without waiting for it, e.g. to start a second replica once the first has set the database up. */
    public static Started launch(Path log, String... arguments) throws IOException {
        return launch(log, Map.of(), arguments);
    }

    private static Started launch(Path log, Map<String, String> environment, String... arguments) throws IOException {
        int port = freePort();
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "dev.slipway.SlipwayApplication",
                "--server.port=" + port, "--spring.main.banner-mode=off", "--logging.level.root=warn"));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new Started(builder.start(), port);
    }

    /** Returns once the launched Slipway's readiness answers 200 (within 5 minutes: a busy machine starts it slowly). */
    public static Started awaitReady(Started started, Path log) throws IOException, InterruptedException {
        return awaitReady(started, log, null, Duration.ofMinutes(5));
    }

    private static Started awaitReady(Started started, Path log, @Nullable Integer managementPort, Duration within)
            throws IOException, InterruptedException {
        Process process = started.process();
        int probed = managementPort == null ? started.port() : managementPort;
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Slipway stopped while starting:\n" + Files.readString(log));
            }
            if (ready(probed)) {
                return started;
            }
            Thread.sleep(250); // polling another process's start-up: there is nothing to wait on instead
        }
        process.destroyForcibly();
        throw new IllegalStateException("Slipway did not start within " + within + ":\n" + Files.readString(log));
    }

    /** Mints an API token for the bootstrap administrator {@code admin}, as a script does, with these scopes. */
    public static String adminToken(int port, String password, String... scopes) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("admin:" + password)
                .getBytes(StandardCharsets.UTF_8));
        String body = "{\"name\": \"child-process\", \"scopes\": [\"" + String.join("\", \"", scopes) + "\"]}";
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/tokens")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not mint a token: " + response.statusCode() + " " + response.body());
        }
        int start = response.body().indexOf("\"token\":\"") + 9;
        return response.body().substring(start, response.body().indexOf('"', start));
    }

    /** The audit chain as Slipway itself verifies it, asked with a token of the bootstrap administrator. */
    public static HttpResponse<String> auditVerification(int port, String password)
            throws IOException, InterruptedException {
        String token = adminToken(port, password, "audit:read");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/audit/verify")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
