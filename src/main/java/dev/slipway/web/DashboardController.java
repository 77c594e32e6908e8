package dev.slipway.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.TeamCatalog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DashboardController {

    private final ServiceCatalog services;
    private final TeamCatalog teams;
    private final EnvironmentCatalog environments;

    DashboardController(ServiceCatalog services, TeamCatalog teams, EnvironmentCatalog environments) {
        this.services = services;
        this.teams = teams;
        this.environments = environments;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        model.addAttribute("serviceCount", services.count());
        model.addAttribute("teamCount", teams.count());
        model.addAttribute("environments", environments.list());
        return "web/dashboard";
    }
}
