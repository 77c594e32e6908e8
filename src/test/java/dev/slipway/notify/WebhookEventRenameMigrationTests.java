package dev.slipway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.TestPostgres;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Subscriptions saved under the webhook event names before V15 keep their meaning under the new names. */
class WebhookEventRenameMigrationTests {

    @Test
    void savedSubscriptionsAreRenamedToTheEventsTheyMeant() {
        var database = TestPostgres.newDatabase();
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.url());
        dataSource.setUser(database.username());
        dataSource.setPassword(database.password());
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        flyway.target("14").load().migrate();
        var jdbc = JdbcClient.create(dataSource);
        String insert = """
                insert into webhook_endpoint (name, url, secret, events, created_at, created_by_name, updated_at)
                values (?, 'https://chat.example.com/hook', 'a-secret-of-sixteen', ?::text[], now(), 'test', now())""";
        jdbc.sql(insert).params("access", "{access.requested,access.approved,access.expired,deployment.succeeded}")
                .update();
        jdbc.sql(insert).params("releases", "{deployment.started,deployment.failed,freeze.overridden}").update();
        jdbc.sql(insert).params("money", "{cost.budget,cost.anomaly,access.denied,access.revoked}").update();

        flyway.target("latest").load().migrate();

        assertThat(events(jdbc, "access")).containsExactly("access-grant.create", "access-grant.expire",
                "access-request.create", "access-request.expire", "deployment.succeeded");
        assertThat(events(jdbc, "releases")).containsExactly("deployment.failed", "deployment.freeze-override",
                "deployment.start");
        assertThat(events(jdbc, "money")).containsExactly("access-grant.revoke", "access-request.deny",
                "cost-alert.anomaly", "cost-alert.budget");
        for (String event : jdbc.sql("select distinct unnest(events) from webhook_endpoint").query(String.class).list()) {
            assertThat(WebhookEvent.values()).as("%s is an event Slipway sends", event)
                    .anySatisfy(known -> assertThat(known.id()).isEqualTo(event));
        }
    }

    private static List<String> events(JdbcClient jdbc, String name) {
        return jdbc.sql("select unnest(events) from webhook_endpoint where name = ? order by 1").param(name)
                .query(String.class).list();
    }
}
