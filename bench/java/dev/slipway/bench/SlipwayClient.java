package dev.slipway.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Asks the running Slipway for a probe's answer over HTTP, as a browser with htmx or a script would:
 * one connection kept alive, the session cookie kept, and the htmx headers on requests that swap
 * only the results.
 */
final class SlipwayClient {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    SlipwayClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    private String token;

    /**
     * Signs in as a person does (the login form, keeping the session cookie) and mints an API token
     * the way a script mints its first one, so portal and API probes run as a signed-in user.
     */
    void signIn(String username, String password) throws IOException, InterruptedException {
        String page = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("No CSRF token on the login page");
        }
        String form = "username=" + username + "&password=" + password + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        mintToken(username, password, "catalog:read");
    }

    /**
     * Mints an API token with these scopes with the owner's password, the way a script mints its first
     * one (the one API call that accepts HTTP Basic), and sends it with every API request from now on.
     */
    String mintToken(String username, String password, String... scopes) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes());
        String scopeList = Arrays.stream(scopes).map(scope -> "\"" + scope + "\"")
                .collect(Collectors.joining(", "));
        HttpResponse<String> minted = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench\", \"scopes\": [" + scopeList + "]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        int start = minted.body().indexOf("\"token\":\"") + 9;
        if (minted.statusCode() != 201 || start < 9) {
            throw new IllegalStateException("Could not mint a token: " + minted.statusCode() + " " + minted.body());
        }
        token = minted.body().substring(start, minted.body().indexOf('"', start));
        return token;
    }

    /** A request to the API at this path, carrying the token. */
    HttpRequest.Builder api(String path) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** Sends a request on the kept-alive connection. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return client.send(request, body);
    }

    /** Sends the probe's request, checks the answer, and returns how long the whole response took. */
    long timedGet(Probe probe) throws IOException, InterruptedException {
        HttpRequest request = request(probe);
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        probe.check(response);
        return elapsed;
    }

    private HttpRequest request(Probe probe) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + probe.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", probe.kind() == Probe.Kind.JSON ? "application/json" : "text/html");
        if (probe.kind() == Probe.Kind.JSON && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (probe.htmx()) {
            request.header("HX-Request", "true").header("HX-Target", "results");
        }
        return request.GET().build();
    }
}
