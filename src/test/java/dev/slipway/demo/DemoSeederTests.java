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
import dev.slipway.deploy.Releases;
import dev.slipway.identity.Role;
import dev.slipway.identity.TestIdentity;
import dev.slipway.identity.UserDirectory;
import dev.slipway.testsupport.PortalClient;
import dev.slipway.testsupport.TestCatalog;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
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

    @LocalServerPort
    int port;

    @Test
    void firstStartSeedsTheDemoOrganisationAndItNeverComesBackOnceDeleted() {
        TestIdentity.actAsSystem();
        assertThat(teams.count()).isEqualTo(4);
        assertThat(services.count()).isEqualTo(12);
        assertThat(environments.list()).extracting(EnvironmentView::slug).containsExactly("dev", "staging", "prod");
        assertThat(environments.get("prod").production()).isTrue();
        services.list(new ServiceFilter(null, null, null), PageRequest.ofSize(50)).getContent()
                .forEach(service -> assertThat(service.costTags()).containsKeys("project", "cost-center"));

        assertThat(releases.list("checkout-api", PageRequest.ofSize(50)).getTotalElements()).as("releases ready to deploy")
                .isEqualTo(3);
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
