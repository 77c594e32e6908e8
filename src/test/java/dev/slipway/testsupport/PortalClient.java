package dev.slipway.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for the portal: keeps cookies and signs in through the login form. */
public final class PortalClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String baseUrl;
    private final Map<String, String> headers;

    public PortalClient(int port) {
        this(port, Map.of());
    }

    /** A client that sends these headers with every request, e.g. ones a proxy would add. */
    public PortalClient(int port, Map<String, String> headers) {
        this.baseUrl = "http://localhost:" + port;
        this.headers = headers;
    }

    /** Signs in and returns the page the login redirected to (its status and location). */
    public HttpApi.Response signIn(String username, String password) {
        return post("/login", Map.of("username", username, "password", password));
    }

    public HttpApi.Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "text/html").GET());
    }

    /** Posts a form with the CSRF token of the page it would be posted from (the login page works for all). */
    public HttpApi.Response post(String path, Map<String, String> form) {
        var login = get("/login");
        var matcher = CSRF.matcher(login.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token on the login page");
        }
        var fields = new HashMap<>(form);
        fields.put("_csrf", matcher.group(1));
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A GET as htmx sends it (HX-Request), for the fragment a page swaps in. */
    public HttpApi.Response getFragment(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "text/html")
                .header("HX-Request", "true").GET());
    }

    /** Posts files as a multipart form under one part name, with the CSRF token of the login page. */
    public HttpApi.Response postFiles(String path, String part, Map<String, byte[]> files) {
        var matcher = CSRF.matcher(get("/login").body());
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token on the login page");
        }
        String boundary = "slipway-" + System.nanoTime();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + matcher.group(1)
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                    + name + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpApi.Response send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpApi.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
