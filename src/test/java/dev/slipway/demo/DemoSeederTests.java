package dev.slipway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.shared.PageRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.TestIdentity;
import dev.slipway.identity.UserDirectory;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestCatalog;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "slipway.demo.enabled=true")
class DemoSeederTests {

    @Autowired
    DemoSeeder seeder;

    @Autowired
    TeamCatalog teams;

    @Autowired
    ServiceCatalog services;

    @Autowired
    EnvironmentCatalog environments;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserDirectory users;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void firstStartSeedsTheDemoOrganisationAndItNeverComesBackOnceDeleted() {
        TestIdentity.actAsSystem();
        assertThat(teams.count()).isEqualTo(4);
        assertThat(services.count()).isEqualTo(12);
        assertThat(environments.list()).extracting(EnvironmentView::slug).containsExactly("dev", "staging", "prod");
        assertThat(environments.get("prod").production()).isTrue();
        services.list(new ServiceFilter(null, null, null), new PageRequest(1, 50)).items()
                .forEach(service -> assertThat(service.costTags()).containsKeys("project", "cost-center"));

        assertThat(jdbc.sql("select count(*) from release r join service s on s.id = r.service_id where s.slug = 'checkout-api'")
                .query(Long.class).single()).as("releases ready to deploy").isEqualTo(3);
        var catalog = new TestCatalog(context);
        catalog.deleteAllServices();
        jdbc.sql("delete from access_grant").update();
        jdbc.sql("delete from app_user where kind = 'SERVICE_ACCOUNT'").update();
        catalog.deleteTeams(slug -> true);
        catalog.deleteAllEnvironments();
        seeder.run(null);

        assertThat(teams.count()).isZero();
        assertThat(services.count()).isZero();
        TestIdentity.clear();
    }

    @Test
    void theDemoHasSixMonthsOfBillsABudgetPastItsThresholdAndAnAnomaly() {
        assertThat(jdbc.sql("select count(*) from cost_import where state = 'COMMITTED'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(distinct date_trunc('month', day)) from cost_rollup_daily")
                .query(Long.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("select array_agg(distinct currency order by currency) from cost_rollup_daily")
                .query(String.class).single()).isEqualTo("{EUR,USD}");
        assertThat(jdbc.sql("select count(*) from cost_rollup_daily where allocation = 'SHARED'").query(Long.class)
                .single()).isPositive();
        assertThat(jdbc.sql("select count(*) from cost_rollup_daily where allocation = 'UNALLOCATED'").query(Long.class)
                .single()).isPositive();
        assertThat(jdbc.sql("select count(*) from cost_rollup_daily where billed_cost < 0").query(Long.class)
                .single()).as("credits").isPositive();
        assertThat(jdbc.sql("select kind from cost_alert order by kind").query(String.class).list())
                .contains("BUDGET_ACTUAL", "ANOMALY");
    }

    @Test
    void demoPeopleCanSignInWithTheDocumentedPassword() {
        TestIdentity.actAsSystem();
        try {
            assertThat(users.get("ada").roles()).containsExactly(Role.ADMIN);
            assertThat(users.get("dana").roles()).containsExactly(Role.DEVELOPER);
            assertThat(users.get("finn").roles()).containsExactly(Role.FINANCE);
        } finally {
            TestIdentity.clear();
        }
        var portal = new PortalClient(port);
        var signedIn = portal.signIn("dana", DemoSeeder.DEMO_PASSWORD);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");
    }
}
