package dev.slipway.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Services for tests that run Slipway in child processes, written straight into its database: the team
 * {@code wharf}, the environment {@code wharf-test} and services {@code pier-0}, {@code pier-1}, … each with the
 * release {@code 1.0.0}.
 */
public final class WharfServices {

    private WharfServices() {
    }

    /** Creates the team, the environment and this many services; returns their slugs. */
    public static List<String> create(JdbcClient jdbc, int services) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('wharf', 'Wharf', now(), now())").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at, updated_at)
                values ('wharf-test', 'Wharf test', false, 1, 'default', '{team}-{env}', now(), now())""").update();
        List<String> slugs = IntStream.range(0, services).mapToObj(i -> "pier-" + i).toList();
        for (String slug : slugs) {
            jdbc.sql("""
                    insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                    select ?, ?, id, 'PRODUCTION', 'registry.example.com/wharf/' || ?, now(), now() from team where slug = 'wharf'""")
                    .params(slug, slug, slug).update();
            jdbc.sql("""
                    insert into release (service_id, version, image, created_by_name, created_at)
                    select id, '1.0.0', image_repository || ':1.0.0', 'test', now() from service where slug = ?""")
                    .param(slug).update();
        }
        return slugs;
    }

    /** Queues release 1.0.0 of each service for {@code wharf-test}; returns the deployments' ids. */
    public static List<Long> queue(JdbcClient jdbc, List<String> slugs) {
        var ids = new ArrayList<Long>();
        for (String slug : slugs) {
            ids.add(jdbc.sql("""
                    insert into deployment (service_id, environment_id, release_id, state, requested_by_name, created_at, phase)
                    select s.id, e.id, r.id, 'QUEUED', 'test', now(), 'queued'
                    from service s join release r on r.service_id = s.id, environment e
                    where s.slug = ? and e.slug = 'wharf-test' returning id""").param(slug).query(Long.class).single());
        }
        return ids;
    }

    /** How many of these deployments meet the SQL condition. */
    public static long count(JdbcClient jdbc, List<Long> ids, String condition) {
        return jdbc.sql("select count(*) from deployment where id in (:ids) and " + condition).param("ids", ids)
                .query(Long.class).single();
    }

    /** The kinds of a deployment's log lines, in order. */
    public static List<String> eventKinds(JdbcClient jdbc, long id) {
        return jdbc.sql("select kind from deployment_event where deployment_id = ? order by id").param(id)
                .query(String.class).list();
    }

    /** How many audit events of this action name the deployment. */
    public static long auditEvents(JdbcClient jdbc, String action, long id) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target_id = ?")
                .params(action, String.valueOf(id)).query(Long.class).single();
    }
}
