package dev.slipway.web;

import dev.slipway.access.AccessRequestView;
import dev.slipway.access.AccessRequests;
import dev.slipway.access.Grants;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.ServiceView;
import dev.slipway.cost.BudgetView;
import dev.slipway.cost.Budgets;
import dev.slipway.cost.CostAlerts;
import dev.slipway.cost.CostQuery;
import dev.slipway.cost.CostReports;
import dev.slipway.deploy.DeploymentView;
import dev.slipway.deploy.Deployments;
import dev.slipway.deploy.Drift;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.shared.NotFoundException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The home page's panels, each its own htmx request so a slow one holds up no other. A panel the person may not read
 * is refused; one whose data fails to load answers with an inline message instead.
 */
@Controller
@RequiredArgsConstructor
class HomePanelController {

    private static final Logger log = LoggerFactory.getLogger(HomePanelController.class);
    private static final int LIMIT = 10;

    private final AccessPolicy access;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final Deployments deployments;
    private final Drift drift;
    private final Grants grants;
    private final AccessRequests requests;
    private final Budgets budgets;
    private final CostReports reports;
    private final CostAlerts costAlerts;
    private final AuditTrail audit;
    private final Clock clock;

    @HxRequest
    @GetMapping("/home/panels/{name}")
    String panel(@PathVariable String name, Model model) {
        HomePanel panel = HomePanel.of(name).orElseThrow(() -> new NotFoundException("home panel", name));
        require(panel);
        model.addAttribute("panel", panel);
        try {
            load(panel, access.current(), model);
        } catch (RuntimeException e) {
            log.warn("The home panel '{}' could not load", panel.id(), e);
            return "web/home-panels :: failed";
        }
        return "web/home-panels :: " + panel.id();
    }

    /** The panel's permission, and its role: an administrator's panels are not a developer's to read. */
    private void require(HomePanel panel) {
        access.require(panel.permission(), null, panel.permission().auditAction(), "home-panel", panel.id());
        if (!panel.belongsTo(access.current())) {
            String reason = "The panel '" + panel.id() + "' is for the " + panel.role().label().toLowerCase(Locale.ROOT)
                    + " role.";
            access.denied(panel.permission().auditAction(), "home-panel", panel.id(), reason);
            throw new AccessDeniedException(reason);
        }
    }

    private void load(HomePanel panel, Actor actor, Model model) {
        Set<String> teams = new TreeSet<>(actor.teams().keySet());
        model.addAttribute("teams", teams);
        switch (panel) {
            case SERVICES -> servicesOf(teams, model);
            case DEPLOYMENTS -> {
                model.addAttribute("inFlight", deployments.inFlight(teams, LIMIT));
                model.addAttribute("failed", deployments.failedSince(teams, clock.instant().minus(Duration.ofDays(7)),
                        LIMIT));
            }
            case GRANTS -> model.addAttribute("grants", grants.mine());
            case REQUESTS -> model.addAttribute("requests", requests.list(new AccessRequests.Filter(actor.username(),
                    AccessRequestView.State.PENDING), PageRequest.ofSize(LIMIT)).getContent());
            case SPEND -> spend(model);
            case COST_ALERTS -> model.addAttribute("alerts", costAlerts.recent(LIMIT));
            case APPROVALS -> model.addAttribute("requests", requests.waitingFor());
            case FREEZE_OVERRIDES -> model.addAttribute("overrides",
                    deployments.freezeOverridesSince(clock.instant().minus(Duration.ofDays(30)), LIMIT));
            case AUDIT_CHAIN -> model.addAttribute("verification", audit.lastVerification().orElse(null));
            case DRIFT -> model.addAttribute("findings", drift.findings(null));
            case FAILURES -> model.addAttribute("failed",
                    deployments.failedSince(null, clock.instant().minus(Duration.ofHours(24)), LIMIT));
        }
    }

    /** The services of the person's teams, and per environment the release that runs there now. */
    private void servicesOf(Set<String> teams, Model model) {
        List<ServiceView> mine = new ArrayList<>();
        teams.forEach(team -> mine.addAll(services.list(new ServiceFilter(null, team, null),
                PageRequest.ofSize(50)).getContent()));
        Map<String, DeploymentView> running = new HashMap<>();
        deployments.running(mine.stream().map(ServiceView::slug).toList())
                .forEach(d -> running.put(d.service() + "/" + d.environment(), d));
        model.addAttribute("services", mine);
        model.addAttribute("environments", environments.list());
        model.addAttribute("running", running);
    }

    /** Per team this month's spend beside its budget, and the share nobody's tags claimed. */
    private void spend(Model model) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate month = today.withDayOfMonth(1);
        var report = reports.report(new CostQuery(month, month.plusMonths(1), CostQuery.Granularity.MONTH,
                CostQuery.Dimension.TEAM, null, null, null, null, null, null, null));
        Map<String, BudgetView> budgetOf = new HashMap<>();
        budgets.list().stream().filter(b -> b.scopeType().equalsIgnoreCase("team"))
                .forEach(b -> budgetOf.put(b.scope() + "/" + b.currency(), b));
        model.addAttribute("month", month);
        model.addAttribute("rows", report.rows().stream().map(r -> new TeamSpend(r.group(), r.currency(),
                r.billedCost(), budgetOf.get(r.group() + "/" + r.currency()))).toList());
        model.addAttribute("unallocated", UnallocatedShare.of(report));
    }
}
