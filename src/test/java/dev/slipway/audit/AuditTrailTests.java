package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TestIdentity;
import dev.slipway.shared.ScheduledJobs;
import dev.slipway.testsupport.HttpApi;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestUsers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditTrailTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditChain chain;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ScheduledJobs jobs;

    @Autowired
    TeamCatalog teams;

    @Autowired
    ServiceCatalog services;

    HttpApi auditor;

    @BeforeEach
    void auditor() {
        var users = new TestUsers(context, port);
        users.person("auditor", Role.ADMIN);
        auditor = new HttpApi(port).withToken(users.token("auditor", null, Scope.values()));
        repairChain();
    }

    @AfterEach
    void signOut() {
        TestIdentity.clear();
    }

    @Test
    void aChangeAndItsEventAreOneTransaction() {
        TestIdentity.actAsSystem();
        long before = lastSeq();

        transaction.executeWithoutResult(status -> {
            teams.create(new TeamRequest("rolled-back", "Rolled Back", null, null));
            status.setRollbackOnly();
        });

        assertThat(lastSeq()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from team where slug = 'rolled-back'").query(Long.class).single()).isZero();
    }

    @Test
    void updatesRecordTheBeforeAndAfterOfChangedFieldsOnly() {
        var api = auditor;
        api.post("/api/v1/teams", "{\"slug\": \"audited\", \"name\": \"Audited\"}");
        api.post("/api/v1/services", "{\"slug\": \"audited-svc\", \"name\": \"Before\", \"team\": \"audited\"}");

        var response = api.put("/api/v1/services/audited-svc", "{\"name\": \"After\", \"team\": \"audited\"}");

        var event = latest("service.update");
        assertThat(event.get("changes")).isEqualTo("{\"name\":{\"before\":\"Before\",\"after\":\"After\"}}");
        assertThat(event.get("actor_name")).isEqualTo("auditor");
        assertThat(event.get("request_id")).isEqualTo(response.header("X-Request-Id"));
        assertThat(event.get("address")).isNotBlank();
    }

    @Test
    void secretsAreNeverRecorded() {
        var users = new TestUsers(context, port);
        users.person("secretive", Role.DEVELOPER);
        String token = users.token("secretive", null, Scope.CATALOG_READ);

        String everything = jdbc.sql("select coalesce(string_agg(e::text, ' '), '') from audit_event e").query(String.class).single();

        assertThat(everything).doesNotContain(token).doesNotContain(token.substring(4))
                .doesNotContain(TestUsers.PASSWORD);
    }

    @Test
    void theTableRefusesUpdateDeleteAndTruncate() {
        auditor.get("/api/v1/audit?limit=1");
        long seq = lastSeq();

        assertThatThrownBy(() -> jdbc.sql("update audit_event set reason = 'x' where seq = ?").param(seq).update())
                .isInstanceOfSatisfying(DataAccessException.class, e ->
                        assertThat(e.getMostSpecificCause().getMessage()).contains("cannot be changed or deleted"));
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where seq = ?").param(seq).update())
                .isInstanceOfSatisfying(DataAccessException.class, e ->
                        assertThat(e.getMostSpecificCause().getMessage()).contains("cannot be changed or deleted"));
        assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
                .isInstanceOfSatisfying(DataAccessException.class, e ->
                        assertThat(e.getMostSpecificCause().getMessage()).contains("cannot be truncated"));
    }

    @Test
    void verificationNamesTheFirstTamperedEvent() {
        auditor.post("/api/v1/teams", "{\"slug\": \"tampered\", \"name\": \"Tampered\"}");
        long tampered = jdbc.sql("select max(seq) from audit_event where action = 'team.create' and target_id = 'tampered'")
                .query(Long.class).single();
        assertThat(auditor.get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();

        transaction.executeWithoutResult(status -> {
            jdbc.sql("alter table audit_event disable trigger audit_event_append_only").update();
            jdbc.sql("update audit_event set actor_name = 'someone-else' where seq = ?").param(tampered).update();
            jdbc.sql("alter table audit_event enable trigger audit_event_append_only").update();
        });

        var result = auditor.get("/api/v1/audit/verify").json();
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("brokenAt").asLong()).isEqualTo(tampered);
        assertThat(result.get("intactUpTo").asLong()).isEqualTo(tampered - 1);
        assertThat(result.get("problem").asString()).contains("content does not match");
    }

    @Test
    void aDenialIsRecordedWhateverTheCallerNamedAndTheChainStillVerifies() {
        var users = new TestUsers(context, port);
        users.person("audit-reader", Role.DEVELOPER);
        var reader = new HttpApi(port).withToken(users.token("audit-reader", null, Scope.CATALOG_READ));
        long before = lastSeq();

        // As JSON escapes: a NUL (no PostgreSQL text holds one) and half a surrogate pair (no UTF-8 encodes one).
        for (String slug : List.of("nul\\u0000slug", "x".repeat(5000), "half-\\ud800-pair")) {
            assertThat(reader.post("/api/v1/teams", "{\"slug\": \"" + slug + "\", \"name\": \"Denied\"}").status())
                    .isEqualTo(403);
        }

        assertThat(jdbc.sql("""
                select target_id from audit_event where seq > ? and action = 'team.create' and outcome = 'DENIED'
                order by seq""").param(before).query(String.class).list())
                .containsExactly("nul\ufffdslug", "x".repeat(199) + "…", "half-\ufffd-pair");
        assertThat(auditor.get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anExportWhoseFilterHasANulIsRefusedBeforeItIsRecordedAsMade() {
        long before = lastSeq();

        var refused = auditor.get("/api/v1/audit/export?format=ndjson&targetType=%00");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("targetType");
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'audit.export'")
                .param(before).query(Long.class).single()).isZero();
    }

    @Test
    void manyParallelWritersKeepTheChainLinear() throws Exception {
        long before = lastSeq();
        var pool = Executors.newFixedThreadPool(16);
        var writers = new ArrayList<Callable<Void>>();
        for (int w = 0; w < 16; w++) {
            int writer = w;
            writers.add(() -> {
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    transaction.executeWithoutResult(status -> chain.append(
                            new AuditChain.Draft(Instant.now(), null, "writer-" + writer, "SYSTEM", null, null, null,
                                    null, "test.write", "test", writer + "-" + n, "SUCCESS", null, null)));
                }
                return null;
            });
        }
        for (var future : pool.invokeAll(writers)) {
            future.get();
        }
        pool.shutdown();

        assertThat(lastSeq() - before).isEqualTo(16 * 40);
        assertThat(jdbc.sql("select count(distinct seq) = count(*) and max(seq) - min(seq) + 1 = count(*) from audit_event")
                .query(Boolean.class).single()).isTrue();
        var verification = auditor.get("/api/v1/audit/verify").json();
        assertThat(verification.get("intact").asBoolean()).isTrue();
    }

    @Test
    void purgingAPrefixKeepsTheRestVerifiable() {
        for (int i = 0; i < 5; i++) {
            auditor.get("/api/v1/audit?limit=1");
        }
        long through = lastSeq() - 2;

        transaction.executeWithoutResult(status ->
                jdbc.sql("select audit_purge_through(?, now())").param(through).query(Long.class).single());

        assertThat(jdbc.sql("select min(seq) from audit_event").query(Long.class).single()).isEqualTo(through + 1);
        var verification = auditor.get("/api/v1/audit/verify").json();
        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("intactUpTo").asLong()).isGreaterThan(through);
    }

    @Test
    void retentionRemovesEventsOlderThanItAndKeepsTheRestVerifiable() {
        auditor.get("/api/v1/audit?limit=1");
        long last = lastSeq();
        var anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1).plusSeconds(5));

        new AuditRetention(jdbc, anHourLater, new AuditProperties(null, Duration.ofHours(1)), transaction, jobs)
                .purge();
        assertThat(jdbc.sql("select min(seq) from audit_event").query(Long.class).single())
                .as("no retention set: nothing removed").isLessThanOrEqualTo(last);

        new AuditRetention(jdbc, anHourLater, new AuditProperties(Duration.ofHours(1), Duration.ofHours(1)),
                transaction, jobs).purge();
        assertThat(jdbc.sql("select count(*) from audit_event where seq <= ?").param(last).query(Long.class).single())
                .as("every event older than an hour (as the job's clock reads) removed").isZero();
        var verification = auditor.get("/api/v1/audit/verify").json();
        assertThat(verification.get("intact").asBoolean()).isTrue();
    }

    @Test
    void searchFiltersPagesWithACursorAndIsItselfAudited() {
        for (String slug : List.of("page-a", "page-b", "page-c")) {
            auditor.post("/api/v1/teams", "{\"slug\": \"" + slug + "\", \"name\": \"" + slug + "\"}");
        }

        var first = auditor.get("/api/v1/audit?action=team.create&actor=auditor&limit=2").json();
        assertThat(first.get("items").size()).isEqualTo(2);
        assertThat(first.get("items").get(0).get("targetId").asString()).isEqualTo("page-c");
        var second = auditor.get("/api/v1/audit?action=team.create&actor=auditor&limit=2&cursor="
                + first.get("nextCursor").asLong()).json();
        assertThat(second.get("items").get(0).get("targetId").asString()).isEqualTo("page-a");
        assertThat(auditor.get("/api/v1/audit?action=team.&outcome=success&limit=200").json().get("items").size())
                .isGreaterThanOrEqualTo(3);
        assertThat(latest("audit.read").get("target_id")).contains("action=team.");
        assertThat(auditor.get("/api/v1/audit?outcome=maybe").status()).isEqualTo(400);
    }

    @Test
    void exportStreamsEveryMatchingEventAsCsvAndNdjson() {
        auditor.post("/api/v1/teams", "{\"slug\": \"exported\", \"name\": \"Exported, \\\"quoted\\\"\"}");

        var csv = auditor.get("/api/v1/audit/export?format=csv&targetId=exported");
        var ndjson = auditor.get("/api/v1/audit/export?format=ndjson&targetId=exported");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("seq,occurred_at,actor_id,actor_name");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains("team.create").contains("\"{\"\"name\"\":");
        assertThat(ndjson.header("Content-Type")).startsWith("application/x-ndjson");
        var event = ndjson.jsonLines().get(0);
        assertThat(event.get("action").asString()).isEqualTo("team.create");
        assertThat(event.get("hash").asString()).hasSize(64);
        assertThat(latest("audit.export").get("target_id")).contains("targetId=exported");
    }

    @Test
    void aFormulaInARecordedValueIsExportedAsTextNotRunBySpreadsheets() {
        var created = auditor.send("POST", "/api/v1/teams", "{\"slug\": \"formula-agent\", \"name\": \"Formula\"}",
                Map.of("Content-Type", "application/json", "User-Agent", "=HYPERLINK(\"http://evil.example\")"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        String csv = auditor.get("/api/v1/audit/export?format=csv&targetId=formula-agent").body();

        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"")
                .doesNotContain(",=HYPERLINK").doesNotContain(",\"=HYPERLINK");
    }

    @Test
    void failedAndThrottledSignInsAndInvalidTokensAreRecorded() {
        long before = lastSeq();
        new PortalClient(port).signIn("nobody-known", "wrong-password");
        new HttpApi(port).withToken("slw_0000000000000000000000000000000000000000000").get("/api/v1/teams");

        List<String> recorded = jdbc.sql("select action || ' ' || outcome || ' ' || coalesce(target_id, '-') from audit_event where seq > ? order by seq")
                .param(before).query(String.class).list();
        assertThat(recorded).contains("login.failed DENIED nobody-known", "token.invalid DENIED -");
        jdbc.sql("delete from login_failure where username = 'nobody-known'").update();
    }

    private Map<String, String> latest(String action) {
        return jdbc.sql("select * from audit_event where action = ? order by seq desc limit 1").param(action)
                .query((rs, i) -> {
                    var row = new HashMap<String, String>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.put(rs.getMetaData().getColumnName(c), rs.getString(c));
                    }
                    return row;
                }).single();
    }

    private long lastSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    /** Other tests in this context share the trail; a tampering test must not leave it broken for them. */
    private void repairChain() {
        transaction.executeWithoutResult(status -> {
            long broken = jdbc.sql("select count(*) from audit_event where actor_name = 'someone-else'").query(Long.class).single();
            if (broken > 0) {
                jdbc.sql("select audit_purge_through(?, now())").param(jdbc.sql("select max(seq) from audit_event").query(Long.class).single())
                        .query(Long.class).single();
            }
        });
    }
}
