package dev.slipway.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment API as a script uses it, for the deploy benchmarks that run Slipway in a JVM of its own: mints a
 * token with the administrator's password, then POSTs deployments and reads them back.
 */
final class DeployApi {

    /** A deployment as the API answers it; the instants are null until reached. */
    record Item(long id, String service, String version, String state, Long rollbackOf, int readyReplicas,
            int desiredReplicas, String failureReason, Instant createdAt, Instant startedAt, Instant finishedAt) {

        boolean ended() {
            return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;
    private final String token;

    DeployApi(int port, String username, String password) throws IOException, InterruptedException {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.base = "http://localhost:" + port;
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        var minted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"bench\", \"scopes\": [\"deployments:write\", \"catalog:read\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (minted.statusCode() != 201) {
            throw new IllegalStateException("Could not mint a token: " + minted.statusCode() + " " + minted.body());
        }
        this.token = JSON.readTree(minted.body()).get("token").asString();
    }

    /** {@code POST /api/v1/deployments}; fails unless the answer is 201. */
    Item deploy(String service, String environment, String version) throws IOException, InterruptedException {
        var response = http.send(request("/api/v1/deployments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\": \"" + service + "\", \"environment\": \""
                        + environment + "\", \"version\": \"" + version + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Deploy of " + service + " " + version + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return item(JSON.readTree(response.body()));
    }

    /** {@code GET /api/v1/deployments/{id}?wait=…}: answers when the deployment has ended or the wait ran out. */
    Item await(long id, Duration wait) throws IOException, InterruptedException {
        var response = http.send(request("/api/v1/deployments/" + id + "?wait=" + wait.toSeconds() + "s")
                .timeout(wait.plusSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET deployment " + id + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return item(JSON.readTree(response.body()));
    }

    /** Every deployment of the environment (and service, when given), newest first, page by page. */
    List<Item> list(String service, String environment) throws IOException, InterruptedException {
        var items = new ArrayList<Item>();
        for (int page = 1; ; page++) {
            var response = http.send(request("/api/v1/deployments?environment=" + environment
                    + (service == null ? "" : "&service=" + service) + "&size=200&page=" + page).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Listing deployments answered " + response.statusCode() + ": "
                        + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            JsonNode pageItems = body.get("items");
            pageItems.forEach(node -> items.add(item(node)));
            if (pageItems.size() < 200) {
                return items;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private static Item item(JsonNode node) {
        JsonNode rollbackOf = node.get("rollbackOf");
        JsonNode failure = node.get("failureReason");
        return new Item(node.get("id").asLong(), node.get("service").asString(), node.get("version").asString(),
                node.get("state").asString(), rollbackOf == null || rollbackOf.isNull() ? null : rollbackOf.asLong(),
                node.get("readyReplicas").asInt(), node.get("desiredReplicas").asInt(),
                failure == null || failure.isNull() ? null : failure.asString(), instant(node, "createdAt"),
                instant(node, "startedAt"), instant(node, "finishedAt"));
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asString());
    }

    /** Nearest-rank percentile of milliseconds. */
    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The load average now (1, 5, 15 minutes), as {@code /proc/loadavg} gives it. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format(Locale.ROOT, "%s, %s, %s", parts[0], parts[1], parts[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
