package dev.slipway.demo;

import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantRequest;
import dev.slipway.access.Grants;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamRequest;
import dev.slipway.cost.AllocationRules;
import dev.slipway.cost.BudgetRequest;
import dev.slipway.cost.Budgets;
import dev.slipway.cost.CostAlerts;
import dev.slipway.cost.CostImports;
import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReports;
import dev.slipway.cost.SharedRuleRequest;
import dev.slipway.cost.UploadedCostFile;
import dev.slipway.deploy.DeploySettings;
import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.DeploymentRequest;
import dev.slipway.deploy.Deployments;
import dev.slipway.deploy.ReleaseRequest;
import dev.slipway.deploy.Releases;
import dev.slipway.deploy.DeploySettingsStore;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.TeamRole;
import dev.slipway.identity.UserDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds a demo organisation (teams, services, environments, thirteen weeks of deployments, six months of cloud
 * bills) once, into an empty database, so a first start shows a portal worth clicking through. A marker row keeps it
 * from coming back after users delete what it made.
 */
@Component
@Order(2)
@Conditional(DemoEnabled.class)
@RequiredArgsConstructor
class DemoSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final String MARKER = "demo-organisation";
    static final String DEMO_PASSWORD = "slipway-demo";

    private final TeamCatalog teams;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final UserDirectory users;
    private final Releases releases;
    private final DeploySettingsStore deploySettings;
    private final AccessPolicy access;
    private final Grants grants;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final CostImports costImports;
    private final AllocationRules costRules;
    private final Budgets budgets;
    private final CostReports reports;
    private final CostAlerts costAlerts;
    private final Deployments deployments;
    private final DeploymentHistory deploymentHistory;

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        access.asSystem(this::seed);
    }

    private void seed() {
        int claimed = jdbc.sql("insert into seed_marker (name, seeded_at) values (?, ?) on conflict do nothing")
                .params(MARKER, Timestamp.from(clock.instant()))
                .update();
        if (claimed == 0 || teams.count() > 0 || environments.count() > 0) {
            return;
        }
        // Development and Staging roll a failed deployment back by themselves.
        environments.create(new EnvironmentRequest("dev", "Development", false, 1, "default", "{team}-dev", false, true,
                null, null));
        environments.create(new EnvironmentRequest("staging", "Staging", false, 2, "default", "{team}-staging", false,
                true, null, null));
        environments.create(new EnvironmentRequest("prod", "Production", true, 3, "default", "{team}-prod"));

        team("payments", "Payments", "Checkout, payment methods and refunds.", "#team-payments");
        team("identity", "Identity", "Sign-in, accounts and permissions for customers.", "identity@example.com");
        team("search", "Search", "Product search, ranking and recommendations.", "#team-search");
        team("platform", "Platform", "Shared infrastructure and developer tooling.", "#platform");

        service("checkout-api", "Checkout API", "payments", "Takes orders and starts payments.", Lifecycle.PRODUCTION, "checkout", "cc-1010");
        service("payment-gateway", "Payment Gateway", "payments", "Talks to card processors.", Lifecycle.PRODUCTION, "checkout", "cc-1010");
        service("refund-worker", "Refund Worker", "payments", "Processes refund requests in the background.", Lifecycle.PRODUCTION, "refunds", "cc-1010");
        service("login-service", "Login Service", "identity", "Password and passkey sign-in.", Lifecycle.PRODUCTION, "accounts", "cc-2020");
        service("account-profile", "Account Profile", "identity", "Customer profiles and preferences.", Lifecycle.PRODUCTION, "accounts", "cc-2020");
        service("consent-manager", "Consent Manager", "identity", "Records marketing and privacy consent.", Lifecycle.EXPERIMENTAL, "privacy", "cc-2020");
        service("search-api", "Search API", "search", "Full-text product search.", Lifecycle.PRODUCTION, "discovery", "cc-3030");
        service("ranking-model", "Ranking Model", "search", "Learns the order of search results.", Lifecycle.EXPERIMENTAL, "discovery", "cc-3030");
        service("recommendations", "Recommendations", "search", "\"You may also like\" suggestions.", Lifecycle.PRODUCTION, "discovery", "cc-3030");
        service("legacy-indexer", "Legacy Indexer", "search", "The old batch indexer, being replaced.", Lifecycle.DEPRECATED, "discovery", "cc-3030");
        service("edge-gateway", "Edge Gateway", "platform", "Routes all public traffic.", Lifecycle.PRODUCTION, "edge", "cc-9000");
        service("status-page", "Status Page", "platform", "Public service status.", Lifecycle.EXPERIMENTAL, "edge", "cc-9000");

        person("ada", "Ada Admin", Role.ADMIN);
        person("dana", "Dana Developer", Role.DEVELOPER);
        person("finn", "Finn Finance", Role.FINANCE);
        users.putMember("payments", "dana", TeamRole.MAINTAINER);
        users.putMember("search", "dana", TeamRole.MEMBER);
        users.createServiceAccount("payments-ci", "Payments CI pipeline", "payments");
        // Production is closed by default; CI keeps a standing grant for the one service it ships there.
        grants.create(new GrantRequest("payments-ci", null, List.of(GrantAction.DEPLOY, GrantAction.ROLLBACK), null,
                List.of("checkout-api"), List.of("prod"), null, null, Duration.ofDays(14),
                "Standing grant: the payments pipeline ships checkout-api to production"));
        for (String service : List.of("checkout-api", "payment-gateway", "search-api", "login-service")) {
            release(service, "1.0.0", null, "First release");
            release(service, "1.1.0", null, "Faster responses");
        }
        // A release whose image never becomes ready on the sandbox cluster, to show a failed rollout.
        release("checkout-api", "1.2.0", "1.2.0-crashloop", "Known bad build: crashes on start");
        // A short rollout timeout, for releases whose pods never say why they do not get ready.
        for (String environment : List.of("dev", "staging", "prod")) {
            var defaults = DeploySettings.defaults();
            deploySettings.put("checkout-api", environment, new DeploySettings(defaults.replicas(),
                    defaults.containerPort(), defaults.cpuRequest(), defaults.cpuLimit(), defaults.memoryRequest(),
                    defaults.memoryLimit(), Map.of("LOG_LEVEL", "info"), "/healthz", "/healthz", 45));
        }
        // Thirteen weeks of Staging and Production deployments (0.x releases) for the Delivery page, before anything
        // runs today.
        var history = new DemoDeploymentHistory(deploymentHistory, clock.instant());
        int past = history.record();
        // The sandbox cluster starts empty: deploy what the history left running, so drift checks find it there.
        history.running().forEach((service, byEnvironment) -> byEnvironment.forEach((environment, version) ->
                deployments.request(new DeploymentRequest(service, environment, version,
                        "The release running before today"), null)));
        // checkout-api 1.1.0 runs in Development and Staging, so a failed 1.2.0 has a release to roll back to.
        for (String environment : List.of("dev", "staging")) {
            deployments.request(new DeploymentRequest("checkout-api", environment, "1.1.0",
                    "The release running before 1.2.0"), null);
        }
        seedCosts();
        log.info("Seeded the demo organisation: 4 teams, 12 services, 3 environments, {} past deployments, and the "
                + "users ada (admin), dana (developer) and finn (finance) with the password '{}' (turn off with "
                + "slipway.demo.enabled=false)", past, DEMO_PASSWORD);
    }

    /**
     * Six months of bills up to yesterday (USD on AWS, EUR on Azure, credits, untagged spend, the shared
     * project shared-platform with a rule that shares it), a payments budget just past 80 %, and an
     * anomaly two days ago, so that every finance page shows something true.
     */
    private void seedCosts() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var base = FocusFileGenerator.demo(YearMonth.from(today));
        // Three times the generator's demo size: enough rows a day that a usual day looks usual and the anomaly stands out.
        var spec = new FocusFileGenerator.Spec(base.firstMonth(), base.months(), base.rows() * 3, base.owners(),
                base.currencies(), base.untaggedShare(), base.sharedProject(),
                new FocusFileGenerator.AnomalyDay(today.minusDays(2), "payments", "checkout-api", 10), base.seed());
        costRules.addSharedRule(new SharedRuleRequest("Shared platform", "shared-platform", null, null,
                "PROPORTIONAL", null));
        try {
            Path file = Files.createTempFile("slipway-demo-bill-", ".csv");
            new FocusFileGenerator(spec, today).writeTo(file);
            Path spike = Files.createTempFile("slipway-demo-spike-", ".csv");
            Files.writeString(spike, anomalousDay(today.minusDays(2)));
            costImports.importNow(List.of(new UploadedCostFile("demo-bill-" + spec.firstMonth() + "-to-"
                    + YearMonth.from(today) + ".csv", file, Files.size(file)),
                    new UploadedCostFile("demo-bill-part-2.csv", spike, Files.size(spike))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A payments budget the team has used 85 % of this month, so its 80 % alert shows.
        reports.report(new CostQuery(today.withDayOfMonth(1), today.plusDays(1), CostQuery.Granularity.MONTH,
                CostQuery.Dimension.TEAM, "payments", null, null, null, null, null, null))
                .totals().stream().filter(t -> t.billedCost().signum() > 0)
                .max((a, b) -> a.billedCost().compareTo(b.billedCost()))
                .ifPresent(spent -> budgets.create(new BudgetRequest("team", "payments", spent.currency(),
                        spent.billedCost().divide(new BigDecimal("0.85"), 0, RoundingMode.UP), List.of(80),
                        List.of(100))));
        budgets.create(new BudgetRequest("team", "search", "USD", new BigDecimal("25000"), List.of(80), List.of(100)));
        costAlerts.checkNow();
    }

    /** A second part of the bill: checkout-api scaled out by mistake for a day, so the anomaly check has one. */
    private static String anomalousDay(LocalDate day) {
        YearMonth month = YearMonth.from(day);
        return "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,"
                + "ChargeClass,ChargeDescription,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,"
                + "ContractedCost,InvoiceIssuerName,PricingQuantity,PricingUnit,ProviderName,PublisherName,"
                + "ServiceCategory,ServiceName,Tags\n"
                + "acme-azure-eur,Acme Corp Azure (EUR),EUR," + month.atDay(1) + "T00:00:00Z," + month.plusMonths(1).atDay(1)
                + "T00:00:00Z,Usage,,Virtual machines (scaled out to 40 replicas)," + day + "T00:00:00Z,"
                + day.plusDays(1) + "T00:00:00Z,640.00,640.00,720.00,640.00,Microsoft,960,Hours,Microsoft,Microsoft,"
                + "Compute,Virtual Machines,\"{\"\"team\"\":\"\"payments\"\",\"\"service\"\":\"\"checkout-api\"\","
                + "\"\"env\"\":\"\"prod\"\"}\"\n";
    }

    private void person(String username, String displayName, Role role) {
        users.createPerson(new NewUserRequest(username, displayName, username + "@example.com", DEMO_PASSWORD,
                Set.of(role)));
    }

    private void release(String service, String version, @Nullable String tag, String notes) {
        releases.register(service, new ReleaseRequest(version, tag, null, null, null, notes, null), null);
    }

    private void team(String slug, String name, String description, String contact) {
        teams.create(new TeamRequest(slug, name, description, contact));
    }

    private void service(String slug, String name, String team, String description, Lifecycle lifecycle,
            String project, String costCenter) {
        services.create(new ServiceRequest(slug, name, team, description,
                "https://git.example.com/" + team + "/" + slug, "registry.example.com/" + team + "/" + slug,
                lifecycle, Map.of("project", project, "cost-center", costCenter)));
    }
}
