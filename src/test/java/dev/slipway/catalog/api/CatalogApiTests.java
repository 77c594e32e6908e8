package dev.slipway.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.ConflictException;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestUsers;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    HttpApi api;

    @BeforeEach
    void cleanCatalog() {
        var users = new TestUsers(context, port);
        users.person("catalog-admin", Role.ADMIN);
        api = new HttpApi(port).withToken(users.token("catalog-admin", null, Scope.values()));
        var catalog = new TestCatalog(context);
        catalog.deleteAllServices();
        catalog.deleteTeams(slug -> true);
        catalog.deleteAllEnvironments();
    }

    @Test
    void createdTeamIsReturnedWithLocationAndCanBeReadBack() {
        var created = api.post("/api/v1/teams", """
                {"slug": "payments", "name": "Payments", "contact": "#team-payments"}""");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/teams/payments");
        var read = api.get("/api/v1/teams/payments").json();
        assertThat(read.get("name").asString()).isEqualTo("Payments");
        assertThat(read.get("contact").asString()).isEqualTo("#team-payments");
        assertThat(read.get("serviceCount").asLong()).isZero();
    }

    @Test
    void serviceKeepsItsCostTagsSortedAndNamesItsTeam() {
        team("payments");
        var created = api.post("/api/v1/services", """
                {"slug": "checkout-api", "name": "Checkout API", "team": "payments",
                 "imageRepository": "registry.example.com/payments/checkout-api",
                 "lifecycle": "production", "costTags": {"project": "checkout", "cost-center": "cc-1010"}}""");

        assertThat(created.status()).isEqualTo(201);
        JsonNode service = api.get("/api/v1/services/checkout-api").json();
        assertThat(service.get("team").get("slug").asString()).isEqualTo("payments");
        assertThat(service.get("lifecycle").asString()).isEqualTo("production");
        assertThat(service.get("costTags").propertyNames()).containsExactly("cost-center", "project");
    }

    @Test
    void serviceListFiltersByTeamLifecycleAndTextAndPagesInSlugOrder() {
        team("payments");
        team("search");
        service("zeta-api", "payments", "production");
        service("alpha-api", "payments", "experimental");
        service("beta-worker", "payments", "production");
        service("search-api", "search", "production");

        var byTeam = api.get("/api/v1/services?team=payments&size=2").json();
        assertThat(slugs(byTeam)).containsExactly("alpha-api", "beta-worker");
        assertThat(byTeam.get("totalItems").asLong()).isEqualTo(3);
        assertThat(byTeam.get("totalPages").asInt()).isEqualTo(2);
        assertThat(slugs(api.get("/api/v1/services?team=payments&size=2&page=2").json())).containsExactly("zeta-api");
        assertThat(slugs(api.get("/api/v1/services?lifecycle=PRODUCTION&q=API").json()))
                .containsExactly("search-api", "zeta-api");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /api/v1/services?page=0          | page      | must be 1 or more
            /api/v1/services?page=two        | page      | 'two' is not a whole number
            /api/v1/services?size=201        | size      | must be between 1 and 200
            /api/v1/services?size=0          | size      | must be between 1 and 200
            /api/v1/services?lifecycle=gone  | lifecycle | 'gone' must be one of experimental, production, deprecated
            /api/v1/deployments?state=lost   | state     | 'lost' must be one of queued, applying, rolling_out, succeeded, failed, cancelled
            """)
    void badPagesAndFilterValuesNameTheParameterAndWhatItTakes(String path, String parameter, String message) {
        var response = api.get(path);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fieldErrors(response.json())).containsEntry(parameter, message);
    }

    @Test
    void enumFiltersTakeAnyCaseAndDashesOrSpacesBetweenWords() {
        team("payments");
        service("zeta-api", "payments", "production");

        assertThat(slugs(api.get("/api/v1/services?lifecycle=Production").json())).containsExactly("zeta-api");
        assertThat(api.get("/api/v1/deployments?state=rolling-out").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/deployments?state=Rolling%20Out").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/deployments?state=").status()).isEqualTo(200);
    }

    @Test
    void pagesDefaultToTheFirstTwentyFive() {
        team("payments");
        for (int i = 0; i < 26; i++) {
            service("svc-%02d".formatted(i), "payments", "production");
        }

        var first = api.get("/api/v1/services").json();
        assertThat(first.get("items").size()).isEqualTo(25);
        assertThat(first.get("page").asInt()).isEqualTo(1);
        assertThat(first.get("size").asInt()).isEqualTo(25);
        assertThat(first.get("totalItems").asLong()).isEqualTo(26);
        assertThat(first.get("totalPages").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/teams?q=nothing-like-this").json().get("totalPages").asInt()).isEqualTo(1);
    }

    @Test
    void updateChangesFieldsButNeverTheSlug() {
        team("payments");
        team("search");
        service("checkout-api", "payments", "experimental");

        var updated = api.put("/api/v1/services/checkout-api", """
                {"name": "Checkout", "team": "search", "lifecycle": "deprecated"}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("team").get("slug").asString()).isEqualTo("search");

        var renamed = api.put("/api/v1/services/checkout-api", """
                {"slug": "other", "name": "Checkout", "team": "search"}""");
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(fieldErrors(renamed.json())).containsKey("slug");
        assertThat(api.get("/api/v1/services/other").status()).isEqualTo(404);
    }

    @Test
    void deletingATeamThatStillOwnsServicesIsRefused() {
        team("payments");
        service("checkout-api", "payments", "production");

        var refused = api.delete("/api/v1/teams/payments");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("still owns 1 service");
        assertThat(api.get("/api/v1/teams/payments").status()).isEqualTo(200);
        api.delete("/api/v1/services/checkout-api");
        assertThat(api.delete("/api/v1/teams/payments").status()).isEqualTo(204);
    }

    @Test
    void aTeamBeingDeletedWhileItsServiceAccountIsEnabledWaitsAndIsRefused() {
        team("ferry");
        var users = new TestUsers(context, port);
        users.serviceAccount("ferry-ci", "Ferry CI", "ferry");
        users.disable("ferry-ci");
        var directory = context.getBean(UserDirectory.class);
        var access = context.getBean(AccessPolicy.class);
        var transaction = context.getBean(TransactionTemplate.class);

        HttpApi.Response deleted = transaction.execute(status -> {
            access.asSystem(() -> directory.setEnabled("ferry-ci", true));
            var deleting = CompletableFuture.supplyAsync(() -> api.delete("/api/v1/teams/ferry"));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()
                    """).query(Long.class).single() > 0);
            return deleting; // the enabling commits now, while the deletion waits
        }).join();

        assertThat(deleted.status()).isEqualTo(409);
        assertThat(deleted.json().get("detail").asString()).contains("enabled service account ferry-ci");
        assertThat(api.get("/api/v1/teams/ferry").status()).isEqualTo(200);
    }

    @Test
    void aTeamIsDeletedOnlyOnceItsServiceAccountsAreDisabledAndTheyStayDisabledWhileTheTeamIsGone() {
        team("ledger");
        var users = new TestUsers(context, port);
        users.serviceAccount("ledger-ci", "Ledger CI", "ledger");
        var directory = context.getBean(UserDirectory.class);
        var access = context.getBean(AccessPolicy.class);

        var refused = api.delete("/api/v1/teams/ledger");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("enabled service account ledger-ci", "Disable it");
        assertThat(api.get("/api/v1/teams/ledger").status()).isEqualTo(200);

        users.disable("ledger-ci");
        assertThat(api.delete("/api/v1/teams/ledger").status()).isEqualTo(204);
        assertThat(access.asSystem(() -> directory.get("ledger-ci")).ownerTeam()).as("kept for the audit trail")
                .isEqualTo("ledger");
        assertThatThrownBy(() -> access.asSystem(() -> directory.setEnabled("ledger-ci", true)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("which was deleted");
        assertThat(access.asSystem(() -> directory.get("ledger-ci")).enabled()).isFalse();

        team("ledger");
        assertThat(access.asSystem(() -> directory.setEnabled("ledger-ci", true)).enabled()).isTrue();
        assertThat(access.asSystem(() -> directory.teamsOf("ledger-ci"))).as("a member of its team once more")
                .extracting(m -> m.username()).containsExactly("ledger");
    }

    @Test
    void environmentsListInPromotionOrderAndTakeTheNextFreePosition() {
        api.post("/api/v1/environments", """
                {"slug": "prod", "name": "Production", "production": true, "position": 3}""");
        api.post("/api/v1/environments", """
                {"slug": "dev", "name": "Development", "position": 1}""");
        var staging = api.post("/api/v1/environments", """
                {"slug": "staging", "name": "Staging"}""").json();

        assertThat(staging.get("position").asInt()).isEqualTo(4);
        assertThat(staging.get("namespace").asString()).isEqualTo("{team}-{env}");
        assertThat(slugs(api.get("/api/v1/environments").json())).containsExactly("dev", "prod", "staging");
        assertThat(slugs(api.get("/api/v1/environments?production=true").json())).containsExactly("prod");
        var taken = api.post("/api/v1/environments", """
                {"slug": "qa", "name": "QA", "position": 1}""");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(fieldErrors(taken.json())).containsKey("position");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON       | {"slug": "x", | 400 | Malformed request body |
            not an object        | [1, 2]        | 400 | Malformed request body |
            empty body           | ``            | 400 | Malformed request body |
            unknown field        | {"slug": "x", "nmae": "X"} | 400 | Malformed request body | nmae
            wrong type           | {"slug": "x", "name": ["X"]} | 400 | Malformed request body | name
            invalid slug         | {"slug": "Not A Slug", "name": "X"} | 400 | Invalid request | slug
            slug too long        | {"slug": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "X"} | 400 | Invalid request | slug
            missing name         | {"slug": "x"} | 400 | Invalid request | name
            bad contact          | {"slug": "x", "name": "X", "contact": "call me"} | 400 | Invalid request | contact
            duplicate slug       | {"slug": "existing", "name": "Other"} | 409 | Conflict | slug
            duplicate name       | {"slug": "other", "name": "EXISTING TEAM"} | 409 | Conflict | name
            """)
    void badTeamRequestsGetAProblemDetailAndWriteNothing(String scenario, String body, int status, String title,
            String field) {
        team("existing");
        long before = count("team");

        var response = api.post("/api/v1/teams", body == null ? "" : body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(fieldErrors(problem)).containsKey(field);
        }
        assertThat(count("team")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown team          | {"slug": "s", "name": "S", "team": "nope"} | team
            unknown lifecycle     | {"slug": "s", "name": "S", "team": "existing", "lifecycle": "retired"} | lifecycle
            tag key with capitals | {"slug": "s", "name": "S", "team": "existing", "costTags": {"Project": "x"}} | costTags[Project]
            tag value too long    | {"slug": "s", "name": "S", "team": "existing", "costTags": {"project": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}} | costTags[project]
            image with a tag      | {"slug": "s", "name": "S", "team": "existing", "imageRepository": "registry/x:1.0"} | imageRepository
            bad repository URL    | {"slug": "s", "name": "S", "team": "existing", "repositoryUrl": "not a url"} | repositoryUrl
            """)
    void badServiceRequestsNameTheFieldAndWriteNothing(String scenario, String body, String field) {
        team("existing");

        var response = api.post("/api/v1/services", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(fieldErrors(response.json())).containsKey(field);
        assertThat(count("service")).isZero();
        assertThat(count("service_cost_tag")).isZero();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v1/teams/nope            |                  |                  | 404
            GET    | /api/v1/no-such-thing         |                  |                  | 404
            PATCH  | /api/v1/teams/existing        | application/json | application/json | 405
            POST   | /api/v1/teams                 | text/plain       | application/json | 415
            GET    | /api/v1/teams                 |                  | application/xml  | 406
            GET    | /api/v1/services?page=0       |                  |                  | 400
            GET    | /api/v1/services?size=1000    |                  |                  | 400
            GET    | /api/v1/services?size=many    |                  |                  | 400
            GET    | /api/v1/services?lifecycle=x  |                  |                  | 400
            """)
    void protocolErrorsAreProblemDetailsToo(String method, String path, String contentType, String accept,
            int status) {
        team("existing");
        var headers = new HashMap<String, String>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (accept != null) {
            headers.put("Accept", accept);
        }

        var response = api.send(method, path, contentType == null ? null : "{}", headers);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }

    @Test
    void openApiDocumentDescribesEveryCatalogEndpointWithItsErrors() {
        JsonNode paths = new HttpApi(port).get("/v3/api-docs").json().get("paths");

        assertThat(paths.propertyNames()).contains("/api/v1/teams", "/api/v1/teams/{slug}", "/api/v1/services",
                "/api/v1/services/{slug}", "/api/v1/environments", "/api/v1/environments/{slug}");
        JsonNode createService = paths.get("/api/v1/services").get("post").get("responses");
        assertThat(createService.propertyNames()).contains("201", "400", "409");
        assertThat(createService.get("400").get("content").propertyNames()).contains("application/problem+json");
    }

    private void team(String slug) {
        var response = api.post("/api/v1/teams", "{\"slug\": \"" + slug + "\", \"name\": \"" + slug + " team\"}");
        assertThat(response.status()).isEqualTo(201);
    }

    private void service(String slug, String team, String lifecycle) {
        var response = api.post("/api/v1/services", "{\"slug\": \"" + slug + "\", \"name\": \"" + slug
                + "\", \"team\": \"" + team + "\", \"lifecycle\": \"" + lifecycle + "\"}");
        assertThat(response.status()).isEqualTo(201);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static List<String> slugs(JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("slug").asString()).toList();
    }

    private static Map<String, String> fieldErrors(JsonNode problem) {
        var errors = new LinkedHashMap<String, String>();
        problem.get("errors").forEach(e -> errors.put(e.get("field").asString(), e.get("message").asString()));
        return errors;
    }
}
