package dev.slipway.access;

import dev.slipway.identity.Role;
import dev.slipway.identity.TeamRole;
import dev.slipway.testsupport.TestUsers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The team 'vault' with services 'locker' and 'safe', the team 'elsewhere' with 'yard', a staging
 * environment and two production ones, and the people and service account of the access tests.
 */
final class AccessFixture {

    private final JdbcClient jdbc;
    private final TestUsers users;

    AccessFixture(JdbcClient jdbc, TestUsers users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    void reset() {
        jdbc.sql("delete from deployment_event where deployment_id in (select d.id from deployment d join service s on s.id = d.service_id join team t on t.id = s.team_id where t.slug in ('vault', 'elsewhere'))").update();
        jdbc.sql("delete from deployment where service_id in (select s.id from service s join team t on t.id = s.team_id where t.slug in ('vault', 'elsewhere'))").update();
        jdbc.sql("delete from access_grant where team_slug in ('vault', 'elsewhere')").update();
        jdbc.sql("delete from access_decision where request_id in (select id from access_request where team_slug in ('vault', 'elsewhere'))").update();
        jdbc.sql("delete from access_request where team_slug in ('vault', 'elsewhere')").update();
        for (String team : List.of("vault", "elsewhere")) {
            jdbc.sql("insert into team (slug, name, created_at, updated_at) values (?, ?, now(), now()) on conflict do nothing")
                    .params(team, team).update();
        }
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
        if (jdbc.sql("select count(*) from app_user where username = 'vault-ci'").query(Long.class).single() == 0) {
            jdbc.sql("""
                    insert into app_user (username, display_name, kind, owner_team, created_at, updated_at)
                    values ('vault-ci', 'Vault CI', 'SERVICE_ACCOUNT', 'vault', now(), now())""").update();
            jdbc.sql("""
                    insert into team_membership (team_slug, user_id, team_role, created_at)
                    select 'vault', id, 'MEMBER', now() from app_user where username = 'vault-ci'""").update();
        }
    }

    void environment(String slug, boolean production, int position, int approvals, boolean maintainers) {
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, promotion_required,
                    auto_rollback, access_approvals_required, maintainers_approve_access, created_at, updated_at)
                values (?, ?, ?, ?, 'default', '{team}-{env}', false, false, ?, ?, now(), now())
                on conflict (slug) do update set access_approvals_required = excluded.access_approvals_required,
                    maintainers_approve_access = excluded.maintainers_approve_access""")
                .params(slug, slug, production, position, approvals, maintainers).update();
    }

    private void service(String slug, String team) {
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select ?, ?, id, 'PRODUCTION', 'registry.example.com/' || ?, now(), now() from team where slug = ?
                on conflict do nothing""").params(slug, slug, slug, team).update();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select id, '1.0.0', image_repository || ':1.0.0', 'test', now() from service where slug = ?
                on conflict do nothing""").param(slug).update();
    }

    long userId(String username) {
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
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
