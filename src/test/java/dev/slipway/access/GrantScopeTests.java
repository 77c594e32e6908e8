package dev.slipway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.testsupport.TestUsers;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Which grant covers whom, for what, where and when: the policy table of production access. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GrantScopeTests {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant END = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant DURING = Instant.parse("2026-03-02T11:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Grants grants;

    AccessFixture fixture;
    long personal;
    long teamWide;
    long standing;

    @BeforeEach
    void grants() {
        fixture = new AccessFixture(context, jdbc, new TestUsers(context, port));
        fixture.reset();
        personal = fixture.grant("vault-dev", null, List.of("deploy"), "vault", List.of("locker"), List.of("prod-eu"),
                START, END);
        teamWide = fixture.grant(null, "vault", List.of("rollback"), "vault", null, List.of("prod-us"), START, END);
        standing = fixture.grant("vault-ci", null, List.of("deploy", "rollback"), "vault", List.of("safe"),
                List.of("prod-eu", "prod-us"), START, END);
    }

    record Case(String user, GrantAction action, String team, String service, String environment, String expected) {
    }

    @Test
    void aGrantCoversExactlyItsSubjectsActionsServicesAndEnvironments() {
        var table = List.of(
                new Case("vault-dev", GrantAction.DEPLOY, "vault", "locker", "prod-eu", "personal"),
                new Case("vault-dev", GrantAction.DEPLOY, "vault", "locker", "prod-us", null),
                new Case("vault-dev", GrantAction.ROLLBACK, "vault", "locker", "prod-eu", null),
                new Case("vault-dev", GrantAction.OVERRIDE_FREEZE, "vault", "locker", "prod-eu", null),
                new Case("vault-dev", GrantAction.DEPLOY, "vault", "safe", "prod-eu", null),
                new Case("vault-dev", GrantAction.ROLLBACK, "vault", "safe", "prod-us", "team"),
                new Case("vault-maint", GrantAction.ROLLBACK, "vault", "locker", "prod-us", "team"),
                new Case("vault-maint", GrantAction.DEPLOY, "vault", "locker", "prod-eu", null),
                new Case("outsider", GrantAction.ROLLBACK, "vault", "locker", "prod-us", null),
                new Case("outsider", GrantAction.ROLLBACK, "elsewhere", "yard", "prod-us", null),
                new Case("vault-ci", GrantAction.DEPLOY, "vault", "safe", "prod-us", "standing"),
                new Case("vault-ci", GrantAction.DEPLOY, "vault", "locker", "prod-eu", null),
                new Case("vault-ci", GrantAction.OVERRIDE_FREEZE, "vault", "safe", "prod-eu", null),
                new Case("vault-ci", GrantAction.ROLLBACK, "vault", "locker", "prod-us", "team"),
                new Case("vault-dev", GrantAction.ROLLBACK, "elsewhere", "yard", "prod-us", null));
        for (Case c : table) {
            Optional<Long> found = grants.covering(fixture.userId(c.user()), c.action(), c.team(), c.service(),
                    c.environment(), DURING);
            assertThat(found.map(this::name).orElse(null)).as(c.toString()).isEqualTo(c.expected());
        }
    }

    @Test
    void aGrantCountsFromItsStartUpToButNotIncludingItsEnd() {
        assertThat(refusalAt(START.minusMillis(1))).isPresent();
        assertThat(refusalAt(START)).isEmpty();
        assertThat(refusalAt(END.minusMillis(1))).isEmpty();
        assertThat(refusalAt(END)).get().asString().contains("grant " + personal + " expired at " + END);
    }

    @Test
    void aRevokedGrantStopsCountingAtOnceAndTheRefusalSaysWhoRevokedIt() {
        jdbc.sql("update access_grant set revoked_at = ?, revoked_by_name = 'vault-admin1', revoke_reason = 'incident over' where id = ?")
                .params(Timestamp.from(DURING), personal).update();

        assertThat(refusalAt(DURING)).get().asString().contains("grant " + personal + " was revoked by vault-admin1")
                .contains("incident over");
    }

    @Test
    void outsideProductionNoGrantIsAsked() {
        var services = context.getBean(ServiceCatalog.class);
        var environments = context.getBean(EnvironmentCatalog.class);
        var access = at(END.plusSeconds(3600));
        assertThat(access.refusalAtStart(fixture.userId("outsider"), null, GrantAction.DEPLOY, services.ref("locker"),
                environments.ref("stage"))).isEmpty();
        assertThat(access.refusalAtStart(fixture.userId("outsider"), null, GrantAction.DEPLOY, services.ref("locker"),
                environments.ref("prod-eu"))).isPresent();
    }

    private Optional<String> refusalAt(Instant at) {
        var services = context.getBean(ServiceCatalog.class);
        var environments = context.getBean(EnvironmentCatalog.class);
        return at(at).refusalAtStart(fixture.userId("vault-dev"), personal, GrantAction.DEPLOY, services.ref("locker"),
                environments.ref("prod-eu"));
    }

    private ProductionAccess at(Instant at) {
        return new ProductionAccess(grants, context.getBean(AccessPolicy.class), Clock.fixed(at, ZoneOffset.UTC));
    }

    private String name(long id) {
        return id == personal ? "personal" : id == teamWide ? "team" : id == standing ? "standing" : "grant " + id;
    }
}
