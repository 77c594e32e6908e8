package dev.slipway.identity.web;

import dev.slipway.identity.ApiTokens;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamDirectory;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.FormErrors;
import java.time.Clock;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators create service accounts for CI and mint their tokens. */
@Controller
@RequiredArgsConstructor
class ServiceAccountController {

    private final UserDirectory users;
    private final ApiTokens tokens;
    private final Clock clock;
    private final TeamDirectory teamDirectory;

    @GetMapping("/admin/service-accounts")
    String list(Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new AccountForm());
        }
        model.addAttribute("accounts", users.serviceAccounts());
        model.addAttribute("teams", teamDirectory.slugs());
        return "identity/service-accounts/list";
    }

    @NullUnmarked // a field the browser left out is still null here; the service's validation reports it
    @PostMapping("/admin/service-accounts")
    String create(@ModelAttribute("form") AccountForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> users.createServiceAccount(form.getUsername(), form.getDisplayName(),
                form.getTeam())).map(account -> {
            flash.addFlashAttribute("flashSuccess", "Service account " + account.username() + " created. Mint a token for it below.");
            return "redirect:/admin/service-accounts/" + account.username();
        }).orElseGet(() -> list(model));
    }

    @GetMapping("/admin/service-accounts/{username}")
    String show(@PathVariable String username, Model model) {
        if (!model.containsAttribute("tokenForm")) {
            model.addAttribute("tokenForm", new AccountController.TokenForm());
        }
        return page(username, model);
    }

    /** Shows the new token's secret in this answer, never in the session (see AccountController.createToken). */
    @PostMapping("/admin/service-accounts/{username}/tokens")
    String mint(@PathVariable String username, @ModelAttribute("tokenForm") AccountController.TokenForm form,
            BindingResult binding, Model model) {
        FormErrors.attempt(binding, () -> tokens.create(form.toRequest(clock, username))).ifPresent(created -> {
            model.addAttribute("createdToken", created);
            model.addAttribute("tokenForm", new AccountController.TokenForm());
            model.addAttribute("canonicalUrl", "/admin/service-accounts/" + username);
        });
        return page(username, model);
    }

    @PostMapping("/admin/service-accounts/{username}/tokens/{id}/revoke")
    String revoke(@PathVariable String username, @PathVariable long id, RedirectAttributes flash) {
        var token = tokens.revokeOf(username, id);
        flash.addFlashAttribute("flashSuccess", "Token " + token.name() + " revoked.");
        return "redirect:/admin/service-accounts/" + username;
    }

    private String page(String username, Model model) {
        model.addAttribute("account", users.get(username));
        model.addAttribute("tokens", tokens.of(username));
        model.addAttribute("scopes", Scope.values());
        model.addAttribute("teams", teamDirectory.slugs());
        model.addAttribute("lifetimes", AccountController.LIFETIMES_IN_DAYS);
        model.addAttribute("now", clock.instant());
        return "identity/service-accounts/show";
    }

    /** The new-service-account form. */
    static class AccountForm {
        private @Nullable String username;
        private @Nullable String displayName;
        private @Nullable String team;

        public @Nullable String getUsername() { return username; }
        public void setUsername(String value) { this.username = value; }
        public @Nullable String getDisplayName() { return displayName; }
        public void setDisplayName(String value) { this.displayName = value; }
        public @Nullable String getTeam() { return team; }
        public void setTeam(String value) { this.team = value; }
    }
}
