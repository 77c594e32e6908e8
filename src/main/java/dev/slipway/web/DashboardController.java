package dev.slipway.web;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: the panels of each of the person's roles, each loaded on its own. */
@Controller
@RequiredArgsConstructor
class DashboardController {

    private final ServiceCatalog services;
    private final AccessPolicy access;

    @GetMapping("/")
    String dashboard(Model model) {
        Actor actor = access.current();
        Map<Role, List<HomePanel>> panels = new LinkedHashMap<>();
        for (Role role : List.of(Role.DEVELOPER, Role.FINANCE, Role.ADMIN)) {
            List<HomePanel> readable = Arrays.stream(HomePanel.values())
                    .filter(p -> p.role() == role && p.belongsTo(actor) && access.can(p.permission())).toList();
            if (!readable.isEmpty()) {
                panels.put(role, readable);
            }
        }
        model.addAttribute("panels", panels);
        model.addAttribute("severalRoles", panels.size() > 1);
        model.addAttribute("firstRun", services.count() == 0);
        return "web/dashboard";
    }
}
