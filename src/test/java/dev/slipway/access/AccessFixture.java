package dev.slipway.access;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.deploy.ReleaseRequest;
import dev.slipway.deploy.Releases;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Role;
import dev.slipway.identity.TeamRole;
import dev.slipway.shared.NotFoundException;
import dev.slipway.testsupport.TestCatalog;
import dev.slipway.testsupport.TestUsers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The team 'vault' with services 'locker' and 'safe', the team 'elsewhere' with 'yard', a staging
 * environment and two production ones, and the people and service account of the access tests.
 */
final class AccessFixture {

    private final JdbcClient jdbc;
    private final TestUsers users;
    private final TestCatalog catalog;
    private final Releases releases;
    private final ServiceCatalog services;
    private final AccessPolicy access;

    AccessFixture(ApplicationContext context, JdbcClient jdbc, TestUsers users) {
        this.jdbc = jdbc;
        this.users = users;
        this.catalog = new TestCatalog(context);
        this.releases = context.getBean(Releases.class);
        this.services = context.getBean(ServiceCatalog.class);
        this.access = context.getBean(AccessPolicy.class);
    }

    void reset() {
        // The deployments of the fixture's services, which the deploy module offers no way to delete.
        List<Long> fixtureServices = services.allRefs().stream()
                .filter(service -> List.of("vault", "elsewhere").contains(service.team())).map(ServiceRef::id).toList();
        if (!fixtureServices.isEmpty()) {
            jdbc.sql("delete from deployment_event where deployment_id in (select id from deployment where service_id in (:ids))")
                    .param("ids", fixtureServices).update();
            jdbc.sql("delete from deployment where service_id in (:ids)").param("ids", fixtureServices).update();
        }
        jdbc.sql("delete from access_grant where team_slug in ('vault', 'elsewhere')").update();
        jdbc.sql("delete from access_decision where request_id in (select id from access_request where team_slug in ('vault', 'elsewhere'))").update();
        jdbc.sql("delete from access_request where team_slug in ('vault', 'elsewhere')").update();
        catalog.team("vault", "vault");
        catalog.team("elsewhere", "elsewhere");
        service("locker", "vault");
        service("safe", "vault");
        service("yard", "elsewhere");
        environment("stage", false, 301, 1, false);
        environment("prod-eu", true, 302, 1, false);
        environment("prod-us", true, 303, 1, false);
        users.person("vault-dev", Role.DEVELOPER);
        users.person("vault-maint", Role.DEVELOPER);
        users.person("vault-admin1", Role.ADMIN);
        users.person("vault-admin2", Role.ADMIN);
        users.person("outsider", Role.DEVELOPER);
        users.member("vault", "vault-dev", TeamRole.MEMBER);
        users.member("vault", "vault-maint", TeamRole.MAINTAINER);
        users.member("elsewhere", "outsider", TeamRole.MEMBER);
        users.serviceAccount("vault-ci", "Vault CI", "vault");
    }

    /** The environment, created unless it exists, with these production access rules. */
    void environment(String slug, boolean production, int position, int approvals, boolean maintainers) {
        catalog.environment(new EnvironmentRequest(slug, slug, production, position, "default", "{team}-{env}", false,
                false, approvals, maintainers));
        catalog.accessApprovals(slug, approvals, maintainers);
    }

    /** The service, created unless it exists, with its release 1.0.0. */
    private void service(String slug, String team) {
        catalog.service(slug, slug, team, Lifecycle.PRODUCTION, "registry.example.com/" + slug);
        access.asSystem(() -> {
            try {
                releases.get(slug, "1.0.0");
            } catch (NotFoundException e) {
                releases.register(slug, new ReleaseRequest("1.0.0", null, null, null, null, null, null), null);
            }
        });
    }

    long userId(String username) {
        return users.id(username);
    }

    /** A grant written straight into the table, so its times can lie anywhere. */
    long grant(String user, String team, List<String> actions, String scopeTeam, List<String> services,
            List<String> environments, Instant starts, Instant ends) {
        return jdbc.sql("""
                insert into access_grant (subject_user_id, subject_team, subject_name, subject_kind, actions, team_slug,
                    services, environments, starts_at, ends_at, reason, created_by_name, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', 'test', now()) returning id""")
                .params(user == null ? null : userId(user), team, user == null ? team : user,
                        user == null ? "TEAM" : user.endsWith("-ci") ? "SERVICE_ACCOUNT" : "PERSON",
                        actions.toArray(String[]::new), scopeTeam, services == null ? null : services.toArray(String[]::new),
                        environments.toArray(String[]::new), Timestamp.from(starts), Timestamp.from(ends))
                .query(Long.class).single();
    }
}
