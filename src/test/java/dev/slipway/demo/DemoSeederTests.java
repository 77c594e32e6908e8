package dev.slipway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.delivery.DeliveryMetrics;
import dev.slipway.delivery.DeliveryQuery;
import dev.slipway.delivery.DeliveryReport;
import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.FinishedDeployment;
import dev.slipway.shared.PageRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.TestIdentity;
import dev.slipway.identity.UserDirectory;
import dev.slipway.testsupport.PortalClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "slipway.demo.enabled=true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    DeploymentHistory history;

    @Autowired
    DeliveryMetrics metrics;

    @LocalServerPort
    int port;

    @Test
    @Order(Integer.MAX_VALUE) // it deletes what the others look at
    void firstStartSeedsTheDemoOrganisationAndItNeverComesBackOnceDeleted() {
        TestIdentity.actAsSystem();
        assertThat(teams.count()).isEqualTo(4);
        assertThat(services.count()).isEqualTo(12);
        assertThat(environments.list()).extracting(EnvironmentView::slug).containsExactly("dev", "staging", "prod");
        assertThat(environments.get("prod").production()).isTrue();
        services.list(new ServiceFilter(null, null, null), new PageRequest(1, 50)).items()
                .forEach(service -> assertThat(service.costTags()).containsKeys("project", "cost-center"));

        assertThat(jdbc.sql("select r.version from release r join service s on s.id = r.service_id "
                        + "where s.slug = 'checkout-api' and r.version not like '0.%'")
                .query(String.class).list()).as("releases ready to deploy, besides the past ones")
                .containsExactlyInAnyOrder("1.0.0", "1.1.0", "1.2.0");
        jdbc.sql("delete from service").update();
        jdbc.sql("delete from access_grant").update();
        jdbc.sql("delete from app_user where kind = 'SERVICE_ACCOUNT'").update();
        jdbc.sql("delete from team").update();
        jdbc.sql("delete from environment").update();
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
    void theDemoHasThirteenWeeksOfDeploymentsWithFailuresRollbacksAndCommitTimes() {
        TestIdentity.actAsSystem();
        try {
            Instant since = Instant.now().minus(Duration.ofDays(DemoDeploymentHistory.DAYS));
            List<FinishedDeployment> prod = history.finished(new DeploymentHistory.Filter(null, null, "prod", since));
            for (String service : DemoDeploymentHistory.SERVICES) {
                assertThat(prod).filteredOn(d -> d.service().equals(service)).as(service + " in prod")
                        .hasSizeGreaterThan(10);
            }
            assertThat(prod).filteredOn(d -> !d.succeeded()).as("failed deployments").isNotEmpty();
            assertThat(prod).filteredOn(FinishedDeployment::rollback).as("rollbacks").isNotEmpty();
            assertThat(prod).filteredOn(FinishedDeployment::rolledBack).as("rolled-back deployments")
                    .hasSameSizeAs(prod.stream().filter(FinishedDeployment::rollback).toList());
            assertThat(prod).filteredOn(d -> !d.rollback()).allSatisfy(d -> assertThat(d.commitTime())
                    .as("commit time of %s %s", d.service(), d.version()).isBefore(d.finishedAt()));
            assertThat(history.finished(new DeploymentHistory.Filter(null, null, "staging", since)))
                    .hasSizeGreaterThan(prod.size());

            DeliveryReport payments = metrics.report(new DeliveryQuery("payments", null, null,
                    LocalDate.now(ZoneOffset.UTC).minusDays(DemoDeploymentHistory.DAYS),
                    LocalDate.now(ZoneOffset.UTC).plusDays(1)));
            assertThat(payments.environment()).isEqualTo("prod");
            assertThat(payments.overall().deploymentsPerDay()).isPositive();
            assertThat(payments.overall().leadTimeMedianSeconds()).isPositive();
            assertThat(payments.overall().changeFailRate()).isPositive();
            assertThat(payments.overall().recoveryMedianSeconds()).isPositive();
            assertThat(payments.overall().reworkRate()).isPositive();
            assertThat(payments.services()).extracting(DeliveryReport.Group::name)
                    .containsExactly("checkout-api", "payment-gateway", "refund-worker");
        } finally {
            TestIdentity.clear();
        }
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
