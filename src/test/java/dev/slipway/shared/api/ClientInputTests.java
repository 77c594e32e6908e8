package dev.slipway.shared.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.identity.Role;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Whatever a client sends, the API answers with a problem detail, and a refused request stores nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientInputTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    HttpApi admin;

    @BeforeEach
    void administrator() {
        var users = new TestUsers(context, port);
        users.person("input-admin", Role.ADMIN);
        admin = new HttpApi(port).withToken(users.token("input-admin", null, TestUsers.allScopes()));
        var catalog = new TestCatalog(context);
        catalog.team("input", "Input");
        catalog.service("input-svc", "Input", "input", Lifecycle.PRODUCTION, "registry.example.com/input/svc");
        admin.post("/api/v1/environments", "{\"slug\": \"input-env\", \"name\": \"Input\"}");
    }

    @Test
    void aHugeNamespaceIsRefusedNamingTheField() {
        var response = admin.post("/api/v1/environments",
                "{\"slug\": \"huge-ns\", \"name\": \"Huge\", \"namespace\": \"" + "a".repeat(20_000) + "\"}");

        assertProblem(response, 400, "namespace");
        assertThat(admin.get("/api/v1/environments/huge-ns").status()).isEqualTo(404);
    }

    @Test
    void aHugeImageRepositoryIsRefusedNamingTheField() {
        var response = admin.post("/api/v1/services", "{\"slug\": \"huge-image\", \"name\": \"Huge\", \"team\": \"input\", "
                + "\"imageRepository\": \"" + "a.".repeat(20_000) + "a\"}");

        assertProblem(response, 400, "imageRepository");
        assertThat(admin.get("/api/v1/services/huge-image").status()).isEqualTo(404);
    }

    @Test
    void anIdempotencyKeyWithBytesBeyondAsciiIsRefusedNamingTheHeader() throws IOException {
        byte[] body = "{\"version\": \"9.9.9\"}".getBytes(StandardCharsets.UTF_8);
        var raw = rawRequest("POST", "/api/v1/services/input-svc/releases",
                new byte[] {'b', 'u', 'i', 'l', 'd', '-', (byte) 0x85, (byte) 0x9f}, body);

        assertProblem(raw, 400, "Idempotency-Key");
        assertThat(admin.get("/api/v1/services/input-svc/releases/9.9.9").status()).isEqualTo(404);
    }

    @Test
    void aTooLongIdempotencyKeyIsRefusedForADeployment() {
        var response = admin.send("POST", "/api/v1/deployments",
                "{\"service\": \"input-svc\", \"environment\": \"input-env\", \"version\": \"1.0.0\"}",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(101)));

        assertProblem(response, 400, "Idempotency-Key");
    }

    @Test
    void aFreezeStartGivenAsANumberIsRefused() {
        var response = admin.post("/api/v1/environments/input-env/freezes",
                "{\"from\": 123, \"to\": \"2099-01-01T00:00:00Z\", \"reason\": \"numbers\"}");

        assertProblem(response, 400, "from");
        assertThat(admin.get("/api/v1/environments/input-env/freezes").body()).doesNotContain("numbers");
    }

    @Test
    void aFractionOfAReplicaIsRefused() {
        var response = admin.put("/api/v1/services/input-svc/environments/input-env/settings", """
                {"replicas": 1.5, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "500m",
                 "memoryRequest": "128Mi", "memoryLimit": "512Mi", "rolloutTimeoutSeconds": 300}""");

        assertProblem(response, 400, "replicas");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/services/a%2Fb", "/api/v1/services/a%00b", "/api/v1/services/%C0%AF",
            "/api/v1/services/a%2F..%2Fb", "/api/v1/services/a;x=%2F/b", "/api/v1/services/a/../../x"})
    void oddPathsUnderTheApiAnswerWithAProblemDetail(String path) throws IOException {
        assertThat(rawRequest("GET", path, null, null).status).isBetween(400, 499);
        assertProblem(rawRequest("GET", path, null, null), -1, null);
    }

    @Test
    void aHugeQueryStringUnderTheApiAnswersWithAProblemDetail() throws IOException {
        var raw = rawRequest("GET", "/api/v1/services?q=" + "x".repeat(10_000), null, null);

        assertThat(raw.status).isBetween(400, 499);
        assertProblem(raw, -1, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?%zz", "?=", "?%=1", "?size=%C0%AF", "?q=%", "?page=1&%zz"})
    void aQueryStringTomcatCannotReadIsRefusedWithAProblemDetail(String query) throws IOException {
        var raw = rawRequest("GET", "/api/v1/teams" + query, null, null);

        assertThat(raw.status).as(raw.body).isEqualTo(400);
        assertProblem(raw, 400, null);
    }

    @Test
    void aNulInASearchIsAnInvalidRequestNotAConflict() {
        assertProblem(admin.get("/api/v1/services?q=a%00b"), 400, null);
    }

    @Test
    void aMultipartContentTypeOnARequestWithoutABodyIsNoServerError() {
        var response = admin.send("DELETE", "/api/v1/services/no-such-service", null,
                Map.of("Content-Type", "multipart/form-data"));

        assertProblem(response, 404, null);
    }

    @Test
    void aMultipartContentTypeOnAReadWithoutABodyIsAnsweredAsTheRead() {
        admin.post("/api/v1/teams", "{\"slug\": \"multipart-read\", \"name\": \"Multipart read\"}");

        var response = admin.send("GET", "/api/v1/teams/multipart-read", null,
                Map.of("Content-Type", "multipart/form-data"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("slug").asString()).isEqualTo("multipart-read");
    }

    @Test
    void aCharsetInAJsonAcceptHeaderIsIgnoredSoAChangeIsAnsweredAsMade() {
        var response = admin.send("POST", "/api/v1/teams", "{\"slug\": \"utf-16-team\", \"name\": \"UTF-16\"}",
                Map.of("Content-Type", "application/json", "Accept", "application/json;charset=utf-16"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.json().get("slug").asString()).isEqualTo("utf-16-team");
    }

    @Test
    void aMissingRecordIsAProblemDetailWhateverTheAcceptHeaderAsks() {
        var response = admin.send("DELETE", "/api/v1/cost-allocation/aliases/999999", null,
                Map.of("Accept", "garbage"));

        assertProblem(response, 404, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/access/requests/999999/approve", "/api/v1/access/requests/999999/deny",
        "/api/v1/access/grants/999999/revoke", "/api/v1/deployments/999999/rollback"})
    void anOptionalBodyWithAWildcardContentTypeIsUnsupportedAndOneLeftOutIsFine(String path) {
        assertProblem(admin.send("POST", path, "{}", Map.of("Content-Type", "application/*")), 415, null);
        assertProblem(admin.send("POST", path, "", Map.of("Content-Type", "*/*")), 415, null);
        assertProblem(admin.send("POST", path, null, Map.of()), 404, null);
    }

    @Test
    void anOddPathInThePortalGetsAnHtmlPage() throws IOException {
        var raw = rawRequest("GET", "/services/a%2Fb", null, null);

        assertThat(raw.status).isEqualTo(400);
        assertThat(raw.contentType).startsWith("text/html");
        assertThat(raw.body).contains("Slipway");
    }

    private static void assertProblem(HttpApi.Response response, int status, String field) {
        assertProblem(new Raw(response.status(), response.header("Content-Type"), response.body()), status, field);
    }

    private static void assertProblem(Raw response, int status, String field) {
        if (status > 0) {
            assertThat(response.status).as(response.body).isEqualTo(status);
        }
        assertThat(response.contentType).as(response.body).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body);
        assertThat(problem.get("status").asInt()).isEqualTo(response.status);
        if (field != null) {
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
    }

    record Raw(int status, String contentType, String body) {
    }

    /** A request written byte for byte, so no client library normalises the path or refuses the header. */
    private Raw rawRequest(String method, String path, byte[] idempotencyKey, byte[] body) throws IOException {
        var request = new ByteArrayOutputStream();
        request.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + token() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (idempotencyKey != null) {
            request.writeBytes("Idempotency-Key: ".getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(idempotencyKey);
            request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (body != null) {
            request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private String token;

    private String token() {
        if (token == null) {
            token = new TestUsers(context, port).token("input-admin", null, TestUsers.allScopes());
        }
        return token;
    }

    private static Raw parse(InputStream in) throws IOException {
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int split = response.indexOf("\r\n\r\n");
        String head = response.substring(0, split);
        String body = response.substring(split + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        String contentType = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                .map(l -> l.substring(13).trim()).findFirst().orElse("");
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Raw(status, contentType, body);
    }

    private static String dechunk(String chunked) {
        var out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
