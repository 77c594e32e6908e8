package dev.slipway.catalog.web;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.catalog.TeamView;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.HtmxForm;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.identity.TeamRole;
import dev.slipway.identity.UserDirectory;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
@RequiredArgsConstructor
class TeamController {

    private static final CatalogEntrySave<TeamView> SAVE = new CatalogEntrySave<>("Team", TeamView::name,
            team -> "/teams/" + team.slug());

    private final TeamCatalog teams;
    private final ServiceCatalog services;
    private final UserDirectory users;
    private final AccessPolicy access;

    @GetMapping("/teams")
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 50) Pageable page, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("page", teams.list(q, page));
        return "catalog/teams/list";
    }

    @GetMapping("/teams/new")
    String newForm(Model model) {
        access.require(Permission.TEAM_CREATE);
        return form(model, new TeamForm(), null);
    }

    @HtmxForm("entry-form")
    @PostMapping("/teams")
    String create(@ModelAttribute("form") TeamForm form, BindingResult binding, Model model, RedirectAttributes flash) {
        return SAVE.save(() -> teams.create(form.toRequest()), "created", binding, flash, () -> form(model, form, null));
    }

    @GetMapping("/teams/{slug}")
    String show(@PathVariable String slug, Pageable page, Model model) {
        model.addAttribute("team", teams.get(slug));
        model.addAttribute("services", services.list(new ServiceFilter(null, slug, null), page));
        model.addAttribute("members", users.members(slug));
        model.addAttribute("teamRoles", TeamRole.values());
        return "catalog/teams/show";
    }

    @PostMapping("/teams/{slug}/members")
    String addMember(@PathVariable String slug, @RequestParam String username, @RequestParam String teamRole,
            RedirectAttributes flash) {
        teams.get(slug);
        try {
            var member = users.putMember(slug, username, parseTeamRole(teamRole));
            flash.addFlashAttribute("flashSuccess", member.displayName() + " is now a " + member.teamRole().label()
                    .toLowerCase() + " of the team.");
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("flashError", "Could not add the member: " + e.errors().get(0).message() + ".");
        }
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/members/{username}/delete")
    String removeMember(@PathVariable String slug, @PathVariable String username, RedirectAttributes flash) {
        users.removeMember(slug, username);
        flash.addFlashAttribute("flashSuccess", username + " left the team.");
        return "redirect:/teams/" + slug;
    }

    private static TeamRole parseTeamRole(String value) {
        try {
            return TeamRole.valueOf(value == null ? "" : value.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("teamRole", "must be maintainer or member");
        }
    }

    @GetMapping("/teams/{slug}/edit")
    String editForm(@PathVariable String slug, Model model) {
        TeamView team = teams.get(slug);
        access.require(Permission.TEAM_MANAGE, slug);
        return form(model, TeamForm.of(team), team);
    }

    @HtmxForm("entry-form")
    @PostMapping("/teams/{slug}")
    String update(@PathVariable String slug, @ModelAttribute("form") TeamForm form, BindingResult binding,
            Model model, RedirectAttributes flash) {
        TeamView existing = teams.get(slug);
        form.setSlug(slug);
        return SAVE.save(() -> teams.update(slug, form.toRequest()), "saved", binding, flash,
                () -> form(model, form, existing));
    }

    @PostMapping("/teams/{slug}/delete")
    String delete(@PathVariable String slug, RedirectAttributes flash) {
        TeamView team = teams.get(slug);
        try {
            teams.delete(slug);
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
            return "redirect:/teams/" + slug;
        }
        flash.addFlashAttribute("flashSuccess", "Team " + team.name() + " deleted.");
        return "redirect:/teams";
    }

    private String form(Model model, TeamForm form, @Nullable TeamView existing) {
        model.addAttribute("form", form);
        model.addAttribute("title", existing == null ? "New team" : "Edit " + existing.name());
        model.addAttribute("team", existing);
        return "catalog/teams/form";
    }
}
