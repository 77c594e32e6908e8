package dev.slipway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.cost.CostAlertView;
import dev.slipway.cost.CostAlerts;
import dev.slipway.cost.CostImportState;
import dev.slipway.cost.CostImports;
import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReport;
import dev.slipway.cost.CostReports;
import dev.slipway.delivery.DeliveryMetrics;
import dev.slipway.delivery.DeliveryQuery;
import dev.slipway.delivery.DeliveryReport;
import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.FinishedDeployment;
import dev.slipway.deploy.ReleaseView;
import dev.slipway.deploy.Releases;
import dev.slipway.identity.Role;
import dev.slipway.identity.TestIdentity;
import dev.slipway.identity.UserDirectory;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestCatalog;
import java.time.Clock;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
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
    Releases releases;

    @Autowired
    CostImports imports;

    @Autowired
    CostAlerts alerts;

    @Autowired
    CostReports reports;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserDirectory users;

    @Autowired
    ApplicationContext context;

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
        services.list(new ServiceFilter(null, null, null), PageRequest.ofSize(50)).getContent()
                .forEach(service -> assertThat(service.costTags()).containsKeys("project", "cost-center"));

        assertThat(releases.list("checkout-api", PageRequest.ofSize(100)).getContent().stream().map(ReleaseView::version)
                .filter(version -> !version.startsWith("0.")).toList()).as("releases ready to deploy, besides the past ones")
                .containsExactlyInAnyOrder("1.0.0", "1.1.0", "1.2.0");
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
        TestIdentity.actAsSystem();
        try {
            assertThat(imports.list(PageRequest.ofSize(50)).getContent())
                    .filteredOn(costImport -> costImport.state() == CostImportState.COMMITTED).hasSize(1);
            assertThat(alerts.recent(500)).extracting(CostAlertView::kind).contains("BUDGET_ACTUAL", "ANOMALY");
            LocalDate thisMonth = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
            List<CostReport.Row> byAllocation = reports.report(new CostQuery(thisMonth.minusMonths(24),
                    thisMonth.plusMonths(1), CostQuery.Granularity.MONTH, CostQuery.Dimension.ALLOCATION, null, null,
                    null, null, null, null, null)).rows();
            assertThat(byAllocation.stream().map(CostReport.Row::period).distinct()).hasSize(6);
            assertThat(byAllocation.stream().map(CostReport.Row::currency).distinct().sorted())
                    .containsExactly("EUR", "USD");
            assertThat(byAllocation).extracting(CostReport.Row::group).contains("SHARED", "UNALLOCATED");
        } finally {
            TestIdentity.clear();
        }
        // Reports sum each group's lines and days, so a credit shows only as a negative daily rollup.
        assertThat(jdbc.sql("select count(*) from cost_rollup_daily where billed_cost < 0").query(Long.class)
                .single()).as("credits").isPositive();
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
