package dev.slipway.shared.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.HttpApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The published OpenAPI document tells clients about the refusals every secured operation can answer with. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    static final String PROBLEM = "#/components/schemas/ProblemDetail";
    static final String GRANT_PROBLEM = "#/components/schemas/GrantRequiredProblem";

    @LocalServerPort
    int port;

    JsonNode document;

    @BeforeEach
    void readDocument() {
        var response = new HttpApi(port).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
    }

    @Test
    void everyOperationDocumentsWhatItAnswersWhenItSucceeds() {
        var missing = new ArrayList<String>();
        for (String path : document.get("paths").propertyNames()) {
            JsonNode item = document.get("paths").get(path);
            for (String method : item.propertyNames()) {
                boolean succeeds = METHODS.contains(method) && item.get(method).path("responses").propertyNames()
                        .stream().anyMatch(code -> code.startsWith("2"));
                if (path.startsWith("/api/") && METHODS.contains(method) && !succeeds) {
                    missing.add(method.toUpperCase() + " " + path);
                }
            }
        }
        assertThat(missing).as("operations without a 2xx response").isEmpty();
        assertThat(document.at("/paths/~1api~1v1~1deployments/get/responses/200/content/application~1json/schema")
                .isMissingNode()).as("a list's 200 describes its body").isFalse();
    }

    @Test
    void everySecuredOperationDocuments401And403AsProblemDetails() {
        var missing = new ArrayList<String>();
        int secured = 0;
        for (String path : document.get("paths").propertyNames()) {
            if (!path.startsWith("/api/")) {
                continue;
            }
            JsonNode item = document.get("paths").get(path);
            for (String method : item.propertyNames()) {
                JsonNode operation = item.get(method);
                if (!METHODS.contains(method) || !secured(operation)) {
                    continue;
                }
                secured++;
                for (String code : List.of("401", "403")) {
                    JsonNode response = operation.path("responses").path(code);
                    String schema = response.path("content").path("application/problem+json").path("schema")
                            .path("$ref").asString("");
                    if (!schema.equals(PROBLEM) && !schema.equals(GRANT_PROBLEM)) {
                        missing.add(method.toUpperCase() + " " + path + " " + code
                                + (response.isMissingNode() ? " (not listed)" : " (schema " + schema + ")"));
                    }
                }
            }
        }
        assertThat(secured).as("secured API operations found").isGreaterThan(50);
        assertThat(missing).isEmpty();
        assertThat(document.path("components").path("schemas").path("ProblemDetail").path("properties")
                .propertyNames()).contains("type", "title", "status", "detail", "instance");
    }

    @Test
    void deploymentsThatNeedAProductionGrantDocumentWhichGrantAndHowToAskForIt() {
        for (String path : List.of("/api/v1/deployments", "/api/v1/deployments/{id}/rollback")) {
            JsonNode forbidden = document.get("paths").get(path).get("post").get("responses").get("403");
            assertThat(forbidden.get("content").get("application/problem+json").get("schema").get("$ref").asString())
                    .as(path).isEqualTo(GRANT_PROBLEM);
            assertThat(forbidden.get("description").asString()).contains("requiredGrant", "requestAccess");
        }
        JsonNode schema = document.get("components").get("schemas").get("GrantRequiredProblem");
        assertThat(schema.get("allOf").get(0).get("$ref").asString()).isEqualTo(PROBLEM);
        JsonNode members = schema.get("allOf").get(1).get("properties");
        assertThat(members.get("requiredGrant").get("properties").propertyNames())
                .containsExactlyInAnyOrder("action", "service", "environment");
        assertThat(members.get("requestAccess").get("properties").propertyNames())
                .containsExactlyInAnyOrder("method", "href", "body", "portal");
    }

    @Test
    void operationsThatNeedNoGrantKeepThePlainProblemDetail() {
        JsonNode forbidden = document.get("paths").get("/api/v1/deployments/{id}/cancel").get("post")
                .get("responses").get("403");

        assertThat(forbidden.get("content").get("application/problem+json").get("schema").get("$ref").asString())
                .isEqualTo(PROBLEM);
    }

    /** Secured unless the operation declares an empty security requirement; the document's default is bearer. */
    @Test
    void listsDocumentTheirPageFromOneAndSizeUpTo200AndNothingElseOfPaging() {
        var parameters = new LinkedHashMap<String, JsonNode>();
        document.get("paths").get("/api/v1/services").get("get").get("parameters")
                .forEach(parameter -> parameters.put(parameter.get("name").asString(), parameter.get("schema")));

        assertThat(parameters).containsKeys("page", "size").doesNotContainKeys("pageable", "sort");
        assertThat(parameters.get("page").get("minimum").asInt()).isEqualTo(1);
        assertThat(parameters.get("page").get("default").asInt()).isEqualTo(1);
        assertThat(parameters.get("size").get("maximum").asInt()).isEqualTo(200);
        assertThat(parameters.get("size").get("default").asInt()).isEqualTo(25);
    }

    private boolean secured(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.get("security") : document.get("security");
        if (security == null) {
            return false;
        }
        for (JsonNode requirement : security) {
            if (!requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
