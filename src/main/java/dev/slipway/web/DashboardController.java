package dev.slipway.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.cost.Budgets;
import dev.slipway.cost.CostAlerts;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DashboardController {

    private final ServiceCatalog services;
    private final TeamCatalog teams;
    private final EnvironmentCatalog environments;
    private final Budgets budgets;
    private final CostAlerts costAlerts;
    private final AccessPolicy access;

    DashboardController(ServiceCatalog services, TeamCatalog teams, EnvironmentCatalog environments, Budgets budgets,
            CostAlerts costAlerts, AccessPolicy access) {
        this.budgets = budgets;
        this.costAlerts = costAlerts;
        this.access = access;
        this.services = services;
        this.teams = teams;
        this.environments = environments;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        model.addAttribute("serviceCount", services.count());
        model.addAttribute("teamCount", teams.count());
        model.addAttribute("environments", environments.list());
        // Finance opens Slipway to its budgets and alerts.
        boolean finance = access.can(Permission.COSTS_READ);
        model.addAttribute("showSpend", finance);
        model.addAttribute("budgets", finance ? budgets.list() : List.of());
        model.addAttribute("costAlerts", finance ? costAlerts.recent(5) : List.of());
        return "web/dashboard";
    }
}
