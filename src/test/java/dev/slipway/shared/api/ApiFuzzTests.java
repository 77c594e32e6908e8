package dev.slipway.shared.api;

import dev.slipway.SlipwayApplication;
import dev.slipway.cost.FocusSample;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.api.FuzzRequest.Caller;
import dev.slipway.shared.api.FuzzRequest.PathValue;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.TestPostgres;
import dev.slipway.testsupport.TestUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property-based fuzzing of every operation in the published OpenAPI document, over real HTTP so that Tomcat's
 * own refusals count too. Whatever a client sends — odd path segments, malformed or mistyped query parameters,
 * bodies that are not JSON, cut short, of the wrong shape or with mutated fields, odd headers, no token or a bad
 * one — Slipway never answers with a 5xx, answers every refusal under {@code /api/} with a problem detail whose
 * {@code status} matches and that tells nothing of its internals, and a refused request writes nothing but the
 * record of its refusal (checked through the audit trail and every table's rows; a 403 must have left its
 * denial there). After the run the audit chain still verifies.
 *
 * <p>Tries default to {@value #DEFAULT_TRIES}; {@code -Dslipway.fuzz.tries=N} changes that, and
 * {@code -Dslipway.fuzz.keep-going=true} lists every kind of fault in one run instead of stopping at (and
 * shrinking) the first. Each run prints the seed (jqwik's failure database, under target/, replays a falsified
 * sample first), the requests sent per operation and the statuses they got.
 */
class ApiFuzzTests {

    static final int DEFAULT_TRIES = 1500;
    static final String TRIES_PROPERTY = "slipway.fuzz.tries";
    /** With {@code -Dslipway.fuzz.keep-going=true} a run goes on past a falsified sample and lists every fault. */
    static final boolean KEEP_GOING = Boolean.getBoolean("slipway.fuzz.keep-going");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What only an exception's message or stack trace says; a problem detail speaks to the client instead. */
    private static final List<String> INTERNALS = List.of("PreparedStatementCallback", "SQL [", "ERROR: ",
            "Exception:", "\tat ", "org.springframework.", "org.hibernate.");

    static ConfigurableApplicationContext slipway;
    static RawHttp http;
    static JdbcClient jdbc;
    static DatabaseWrites writes;
    static List<ApiOperation> operations;
    static Fixture fixture;
    static final Tally tally = new Tally();

    @BeforeContainer
    static void startSlipway() {
        long started = System.nanoTime();
        TestPostgres.Database database = TestPostgres.newDatabase();
        // Command-line arguments, so they win over application.properties. Schedules that would write on their own
        // during the run are pushed out; the few that start once anyway write only to tables left out of the check.
        slipway = new SpringApplicationBuilder(SlipwayApplication.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--slipway.demo.enabled=false",
                "--slipway.deploy.sandbox.state-dir=",
                "--slipway.deploy.sandbox.rollout-time=300ms",
                "--slipway.deploy.drift-interval=PT24H",
                "--slipway.access.expiry-check-interval=PT24H",
                "--slipway.cost.alert-interval=PT24H",
                "--slipway.cost.estimate-interval=PT24H",
                "--slipway.cost.lost-import-check=PT24H");
        int port = ((WebServerApplicationContext) slipway).getWebServer().getPort();
        http = new RawHttp(port, 30_000);
        jdbc = slipway.getBean(JdbcClient.class);
        writes = new DatabaseWrites(jdbc);
        fixture = Fixture.create(slipway, port, jdbc);
        var document = new HttpApi(port).get("/v3/api-docs");
        if (document.status() != 200) {
            throw new IllegalStateException("No OpenAPI document: " + document.status() + " " + document.body());
        }
        operations = ApiOperation.readAll(document.json());
        System.out.printf("API fuzz: Slipway started with its fixture in %d ms; %d operations in the OpenAPI document%n",
                (System.nanoTime() - started) / 1_000_000, operations.size());
    }

    @AfterContainer
    static void stopSlipway() {
        if (slipway != null) {
            slipway.close();
        }
    }

    // No edge cases: jqwik would draw them mostly from the first operation; the odd values are chosen here.
    @Property(tries = DEFAULT_TRIES, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(Report.class)
    void noRequestGetsAServerErrorOrANonProblemAnswerOrWritesWhenRefused(@ForAll("requests") FuzzRequest request)
            throws IOException {
        String target = target(request);
        Map<String, byte[]> headers = headers(request);
        DatabaseWrites.Snapshot before = writes.before();
        RawHttp.Answer answer;
        try {
            answer = http.send(request.method(), target.getBytes(StandardCharsets.ISO_8859_1), headers,
                    request.payload().bytes());
        } catch (IOException e) {
            tally.count(request, -1);
            throw new AssertionError("No answer to " + request.method() + " " + FuzzRequest.abbreviate(target) + ": "
                    + e.getMessage() + "\n" + request, e);
        }
        tally.count(request, answer.status());
        var failures = new ArrayList<String>();
        if (answer.status() >= 500) {
            failures.add("a server error");
        }
        if (answer.status() >= 400) {
            // Every operation's path is under /api/, so every refusal must be a problem detail.
            failures.addAll(problemDetailFaults(answer));
            failures.addAll(writeFaults(answer, writes.since(before)));
        } else {
            settle(request);
        }
        if (request.operation().template().startsWith("/api/v1/tokens/")) {
            fixture.renewRevokedTokens();
        }
        if (!failures.isEmpty()) {
            String fault = String.join("; ", failures) + "\nrequest: " + request.method() + " "
                    + FuzzRequest.abbreviate(target) + "\n" + request + "\nanswer: " + answer.status() + " "
                    + answer.header("Content-Type") + "\n" + FuzzRequest.abbreviate(answer.body());
            if (!KEEP_GOING) {
                throw new AssertionError(fault);
            }
            tally.fault(request.operation().key() + " → " + answer.status() + ": " + failures.get(0), fault);
        }
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        var generator = new MalformedRequests(fixture.bodyPools());
        return Arbitraries.oneOf(operations.stream().map(generator::requestsFor).toList());
    }

    // ---- what an answer must be ----

    private static List<String> problemDetailFaults(RawHttp.Answer answer) {
        String type = answer.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return List.of("a refusal under /api/ that is not a problem detail (Content-Type " + type + ")");
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (!problem.isObject() || problem.path("status").asInt(-1) != answer.status()) {
                return List.of("a problem detail whose status is not " + answer.status());
            }
        } catch (RuntimeException e) {
            return List.of("a problem detail that is not JSON (" + e.getMessage() + ")");
        }
        for (String internal : INTERNALS) {
            if (answer.body().contains(internal)) {
                return List.of("a problem detail that tells of Slipway's internals (" + internal.strip() + ")");
            }
        }
        return List.of();
    }

    /**
     * A refused request may append its refusal to the audit trail (an event DENIED or FAILED) and nothing else;
     * events by Slipway itself are its background work. A refused cost file is kept on purpose, as the import's
     * report the answer points at ({@code importId}). A 403 must have left its denial.
     */
    private static List<String> writeFaults(RawHttp.Answer answer, DatabaseWrites.Change change) {
        var faults = new ArrayList<String>();
        // Every denial is audited: a refusal for want of rights is on the trail whoever asked.
        if (answer.status() == 403 && change.events().stream().noneMatch(e -> e.outcome().equals("DENIED"))) {
            faults.add("a 403 that left no denial on the audit trail (events: " + change.events() + ")");
        }
        for (DatabaseWrites.AuditLine event : change.events()) {
            if (!event.actor().equals("slipway") && !event.outcome().equals("DENIED") && !event.outcome().equals("FAILED")) {
                faults.add("a refused request recorded " + event);
            }
        }
        var tables = new LinkedHashMap<>(change.tables());
        DatabaseWrites.TableChange imports = tables.get("cost_import");
        if (answer.status() == 400 && answer.body().contains("\"importId\"") && imports != null
                && imports.after() == imports.before() + 1) {
            tables.remove("cost_import");
        }
        if (!tables.isEmpty()) {
            faults.add("a refused request wrote " + tables);
        }
        return faults;
    }

    /**
     * After an accepted request, background work it started is let finish where it would otherwise write
     * during the next request: an import started with {@code Prefer: respond-async}.
     */
    private static void settle(FuzzRequest request) {
        if (request.operation().template().equals("/api/v1/cost-imports")) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline
                    && jdbc.sql("select count(*) from cost_import where state = 'RUNNING'").query(Long.class).single() > 0) {
                sleep(50);
            }
        }
    }

    // ---- the wire form of a request ----

    private static String target(FuzzRequest request) {
        var path = new StringBuilder();
        var values = request.pathValues().iterator();
        String[] segments = request.operation().template().substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            path.append('/');
            if (segment.startsWith("{")) {
                PathValue value = values.next();
                // Only the record a DELETE names last is the one it deletes.
                boolean deleted = request.method().equals("DELETE") && i == segments.length - 1;
                path.append(value.raw() != null ? value.raw()
                        : MalformedRequests.encode(fixture.existing(value.pool(), deleted, value.pick())));
            } else {
                path.append(segment);
            }
        }
        path.append(request.suffix());
        return request.query().isEmpty() ? path.toString() : path + "?" + request.query();
    }

    private static Map<String, byte[]> headers(FuzzRequest request) {
        var headers = new LinkedHashMap<String, byte[]>();
        String authorization = switch (request.caller()) {
            case ADMIN -> "Bearer " + fixture.adminToken();
            case READER -> "Bearer " + fixture.readerToken();
            case ANONYMOUS -> null;
            case GARBAGE_BEARER -> "Bearer !!!\u00ff\u0001";
            case UNKNOWN_TOKEN -> "Bearer slw_" + "A".repeat(43);
            case HUGE_BEARER -> "Bearer " + "x".repeat(9000);
            case BAD_BASIC -> "Basic %%%not-base64";
            case OTHER_SCHEME -> "Negotiate abc";
            case LOWERCASE_BEARER -> "bearer " + fixture.adminToken();
        };
        if (authorization != null) {
            headers.put("Authorization", authorization.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (request.payload().contentType() != null) {
            headers.put("Content-Type", request.payload().contentType().getBytes(StandardCharsets.ISO_8859_1));
        }
        request.headers().forEach((name, value) -> headers.put(name, value.getBytes(StandardCharsets.ISO_8859_1)));
        return headers;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the records the fuzz starts from ----

    /**
     * A small organisation made through the API itself: teams, services, environments (one of them production),
     * releases, finished deployments, a freeze, a grant, a pending access request, a budget, allocation rules and
     * an imported bill. The "core" records are kept out of deletions so that later requests can still reach
     * deep validation; everything else may be changed or deleted by the requests.
     */
    record Fixture(int port, List<String> adminTokens, String readerUsername, List<String> readerTokens,
            TestUsers users, JdbcClient jdbc) {

        static final Set<String> KEPT = Set.of("core", "core-api", "core-worker", "core-dev", "core-prod");

        static Fixture create(ConfigurableApplicationContext context, int port, JdbcClient jdbc) {
            var users = new TestUsers(context, port);
            users.person("fuzz-admin", Role.ADMIN);
            users.person("fuzz-dev", Role.DEVELOPER);
            var fixture = new Fixture(port, new ArrayList<>(List.of(users.token("fuzz-admin", null, Scope.values()))),
                    "fuzz-dev", new ArrayList<>(List.of(users.token("fuzz-dev", null, Scope.CATALOG_READ))), users, jdbc);
            var admin = new HttpApi(port).withToken(fixture.adminToken());
            var developer = new HttpApi(port).withToken(users.token("fuzz-dev", null, Scope.values()));
            created(admin.post("/api/v1/teams", "{\"slug\": \"core\", \"name\": \"Core\"}"));
            created(admin.post("/api/v1/teams", "{\"slug\": \"spare\", \"name\": \"Spare\"}"));
            created(admin.put("/api/v1/teams/core/members/fuzz-dev", "{\"teamRole\": \"MAINTAINER\"}"));
            context.getBean(AccessPolicy.class).asSystem(() -> {
                context.getBean(UserDirectory.class).createServiceAccount("core-ci", "Core CI", "core");
            });
            for (String service : List.of("core-api", "core-worker", "spare-svc")) {
                created(admin.post("/api/v1/services", "{\"slug\": \"" + service + "\", \"name\": \"" + service
                        + "\", \"team\": \"" + (service.startsWith("core") ? "core" : "spare")
                        + "\", \"imageRepository\": \"registry.example.com/fuzz/" + service
                        + "\", \"costTags\": {\"project\": \"shared\"}}"));
                created(admin.post("/api/v1/services/" + service + "/releases", "{\"version\": \"1.0.0\"}"));
            }
            created(admin.post("/api/v1/services/core-api/releases", "{\"version\": \"1.1.0\"}"));
            created(admin.post("/api/v1/environments", "{\"slug\": \"core-dev\", \"name\": \"Core dev\"}"));
            created(admin.post("/api/v1/environments", "{\"slug\": \"core-prod\", \"name\": \"Core prod\", \"production\": true}"));
            created(admin.post("/api/v1/environments", "{\"slug\": \"spare-env\", \"name\": \"Spare\"}"));
            created(admin.put("/api/v1/services/core-api/environments/core-dev/settings", """
                    {"replicas": 1, "containerPort": 8080, "cpuRequest": "100m", "cpuLimit": "1",
                     "memoryRequest": "128Mi", "memoryLimit": "256Mi", "rolloutTimeoutSeconds": 60}"""));
            for (String version : List.of("1.0.0", "1.1.0")) {
                var deployment = created(admin.post("/api/v1/deployments",
                        "{\"service\": \"core-api\", \"environment\": \"core-dev\", \"version\": \"" + version + "\"}"));
                created(admin.get("/api/v1/deployments/" + deployment.json().get("id").asLong() + "?wait=60s"));
            }
            created(admin.post("/api/v1/environments/core-dev/freezes",
                    "{\"from\": \"2020-01-01T00:00:00Z\", \"to\": \"2020-01-02T00:00:00Z\", \"reason\": \"past\"}"));
            created(admin.post("/api/v1/access/grants", "{\"grantee\": \"fuzz-dev\", \"actions\": [\"deploy\"], "
                    + "\"services\": [\"core-api\"], \"environments\": [\"core-prod\"], \"duration\": \"PT4H\", "
                    + "\"reason\": \"fixture\"}"));
            created(developer.post("/api/v1/access/requests", "{\"actions\": [\"rollback\"], \"services\": [\"core-api\"], "
                    + "\"environments\": [\"core-prod\"], \"duration\": \"PT1H\", \"reason\": \"fixture\"}"));
            created(admin.post("/api/v1/budgets",
                    "{\"scopeType\": \"team\", \"scope\": \"core\", \"currency\": \"USD\", \"monthlyAmount\": 100}"));
            created(admin.post("/api/v1/cost-allocation/aliases",
                    "{\"dimension\": \"team\", \"tagValue\": \"Core Squad\", \"target\": \"core\"}"));
            created(admin.post("/api/v1/cost-allocation/shared-rules",
                    "{\"name\": \"Shared\", \"matchProject\": \"shared\", \"method\": \"PROPORTIONAL\"}"));
            String month = LocalDate.now(ZoneOffset.UTC).minusMonths(1).toString().substring(0, 7);
            String bill = FocusSample.file().month(month)
                    .usage(2, "12.50", "VM", "Compute", "{\"team\": \"core\", \"service\": \"core-api\", \"project\": \"shared\"}")
                    .usage(3, "7.25", "Storage", "Storage", "{\"team\": \"spare\"}")
                    .usage(4, "3.00", "Network", "Networking", "{}").csv();
            created(admin.send("POST", "/api/v1/cost-imports?name=fixture.csv", bill, Map.of("Content-Type", "text/csv")));
            return fixture;
        }

        private static HttpApi.Response created(HttpApi.Response response) {
            if (response.status() >= 300) {
                throw new IllegalStateException("The fuzz fixture could not be made: " + response.status() + " "
                        + response.body());
            }
            return response;
        }

        String adminToken() {
            return adminTokens.get(adminTokens.size() - 1);
        }

        String readerToken() {
            return readerTokens.get(readerTokens.size() - 1);
        }

        /** Names of existing records for body fields; these are the fixture's and stay. */
        Map<String, List<String>> bodyPools() {
            return Map.of("teams", List.of("core", "spare"),
                    "services", List.of("core-api", "core-worker", "spare-svc"),
                    "environments", List.of("core-dev", "core-prod", "spare-env"),
                    "users", List.of("fuzz-admin", "fuzz-dev", "core-ci"),
                    "versions", List.of("1.0.0", "1.1.0"));
        }

        private static final Map<String, String> POOLS = Map.ofEntries(
                Map.entry("teams", "select slug from team order by slug"),
                Map.entry("services", "select slug from service order by slug"),
                Map.entry("environments", "select slug from environment order by slug"),
                Map.entry("members", "select username from app_user order by username"),
                Map.entry("releases", "select distinct version from release order by version"),
                Map.entry("deployments", "select id::text from deployment order by id"),
                Map.entry("freezes", "select id::text from freeze_window order by id"),
                Map.entry("grants", "select id::text from access_grant order by id"),
                Map.entry("requests", "select id::text from access_request order by id"),
                Map.entry("budgets", "select id::text from cost_budget order by id"),
                Map.entry("aliases", "select id::text from cost_tag_alias order by id"),
                Map.entry("shared-rules", "select id::text from cost_shared_rule order by id"),
                Map.entry("cost-imports", "select id::text from cost_import order by id"),
                Map.entry("recomputations", "select id::text from cost_recomputation order by id"),
                Map.entry("tokens", "select id::text from api_token order by id"),
                Map.entry("audit", "select seq::text from audit_event order by seq desc limit 100"));

        /** The {@code pick}-th existing record of a kind; the record a deletion names is never a kept "core" one. */
        String existing(String pool, boolean deleted, int pick) {
            String sql = POOLS.get(pool);
            if (sql == null) {
                throw new IllegalStateException("No records known for path segment '" + pool + "'");
            }
            List<String> values = new ArrayList<>(jdbc.sql(sql).query(String.class).list());
            if (deleted) {
                values.removeAll(KEPT);
            }
            return values.isEmpty() ? "0" : values.get(pick % values.size());
        }

        /**
         * Mints the fuzz's tokens again when a request revoked one (they are ordinary tokens of their owners), so
         * that the rest of the run still gets past authentication.
         */
        void renewRevokedTokens() {
            if (revoked(adminToken())) {
                adminTokens.add(users.token("fuzz-admin", null, Scope.values()));
            }
            if (revoked(readerToken())) {
                readerTokens.add(users.token(readerUsername, null, Scope.CATALOG_READ));
            }
        }

        private boolean revoked(String token) {
            return new HttpApi(port).withToken(token).get("/api/v1/tokens").status() == 401;
        }
    }

    // ---- what was sent and what came back ----

    /** Requests sent per operation and per status, printed at the end of the run. */
    static final class Tally {

        private final Map<String, int[]> perOperation = new TreeMap<>();
        private final Map<Integer, Integer> statuses = new TreeMap<>();
        private final Map<Caller, Integer> callers = new EnumMap<>(Caller.class);
        private final Map<String, String> faults = new TreeMap<>();
        private int total;

        synchronized void fault(String kind, String example) {
            faults.putIfAbsent(kind, example);
        }

        synchronized void count(FuzzRequest request, int status) {
            total++;
            int[] counts = perOperation.computeIfAbsent(request.operation().key(), key -> new int[3]);
            counts[0]++;
            counts[status >= 200 && status < 300 ? 1 : status >= 400 && status < 500 ? 2 : 0]++;
            statuses.merge(status, 1, Integer::sum);
            callers.merge(request.caller(), 1, Integer::sum);
        }

        synchronized String report(String seed, int tries, int checks, long millis) {
            var text = new StringBuilder();
            text.append(String.format("%nAPI fuzz: %d requests sent in %.1f s (jqwik: %d tries, %d checks, seed %s)%n",
                    total, millis / 1000.0, tries, checks, seed));
            text.append("  statuses: ").append(statuses.entrySet().stream()
                    .map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
            text.append("  callers: ").append(callers).append('\n');
            text.append(String.format("  %-72s %6s %6s %6s%n", "operation", "sent", "2xx", "4xx"));
            for (ApiOperation operation : operations) {
                int[] counts = perOperation.getOrDefault(operation.key(), new int[3]);
                text.append(String.format("  %-72s %6d %6d %6d%n", operation.key(), counts[0], counts[1], counts[2]));
            }
            faults.forEach((kind, example) -> text.append("\nFAULT ").append(kind).append('\n').append(example)
                    .append('\n'));
            return text.toString();
        }

        synchronized List<String> untried() {
            return operations.stream().map(ApiOperation::key).filter(key -> !perOperation.containsKey(key)).toList();
        }
    }

    /** Whatever the requests sent, the audit trail still verifies: what was hashed is what was stored. */
    static String auditChainProblem() {
        var verification = new HttpApi(fixture.port()).withToken(fixture.adminToken()).get("/api/v1/audit/verify");
        if (verification.status() != 200 || !verification.json().path("intact").asBoolean(false)) {
            return "The audit trail no longer verifies after the fuzz: " + verification.status() + " "
                    + verification.body();
        }
        return null;
    }

    /**
     * Applies {@code -Dslipway.fuzz.tries}, prints the seed and the tally once the property has run, and checks
     * the audit chain.
     */
    static final class Report implements AroundPropertyHook {

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            String tries = System.getProperty(TRIES_PROPERTY, "").strip();
            if (!tries.isEmpty()) {
                context.attributes().setTries(Integer.parseInt(tries));
            }
            long started = System.nanoTime();
            PropertyExecutionResult result = property.execute();
            System.out.println(tally.report(result.seed().orElse("?"), result.countTries(), result.countChecks(),
                    (System.nanoTime() - started) / 1_000_000));
            result.throwable().filter(e -> !(e instanceof AssertionError)).ifPresent(Throwable::printStackTrace);
            // Operations are picked at random; with this many tries each is all but certain to come up.
            String chain = auditChainProblem();
            if (chain != null && result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
                return result.mapToFailed(chain);
            }
            if (!tally.faults.isEmpty()) {
                return result.mapToFailed(tally.faults.size() + " kinds of fault: " + tally.faults.keySet());
            }
            if (result.status() == PropertyExecutionResult.Status.SUCCESSFUL
                    && result.countTries() >= 20 * operations.size() && !tally.untried().isEmpty()) {
                return result.mapToFailed("Operations never tried: " + tally.untried());
            }
            return result;
        }
    }
}
