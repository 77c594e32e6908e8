package dev.slipway.identity.web;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.ApiTokens;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamDirectory;
import dev.slipway.identity.TokenRequest;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A person's own account: profile, password, and personal API tokens. */
@Controller
@RequiredArgsConstructor
class AccountController {

    static final List<Integer> LIFETIMES_IN_DAYS = List.of(7, 30, 90, 180, 365);

    private final UserDirectory users;
    private final ApiTokens tokens;
    private final AccessPolicy access;
    private final Clock clock;
    private final TeamDirectory teamDirectory;

    @GetMapping("/account")
    String account(Model model) {
        if (!model.containsAttribute("passwordForm")) {
            model.addAttribute("passwordForm", new PasswordForm());
        }
        if (!model.containsAttribute("tokenForm")) {
            model.addAttribute("tokenForm", new TokenForm());
        }
        return page(model);
    }

    @PostMapping("/account/password")
    String changePassword(@ModelAttribute("passwordForm") PasswordForm form, BindingResult binding, Model model) {
        return FormErrors.attempt(binding, () -> {
            if (!form.getNewPassword().equals(form.getRepeatPassword())) {
                throw new InvalidInputException("repeatPassword", "does not match the new password");
            }
            users.changeOwnPassword(form.getCurrentPassword(), form.getNewPassword());
            return "redirect:/login?changed";
        }).orElseGet(() -> {
            model.addAttribute("tokenForm", new TokenForm());
            return page(model);
        });
    }

    /**
     * Shows the new token's secret in this answer rather than after a redirect: flash attributes live in the session,
     * a row in PostgreSQL, and Slipway stores no secret but its hash.
     */
    @PostMapping("/account/tokens")
    String createToken(@ModelAttribute("tokenForm") TokenForm form, BindingResult binding, Model model) {
        FormErrors.attempt(binding, () -> tokens.create(form.toRequest(clock, null))).ifPresent(created -> {
            model.addAttribute("createdToken", created);
            model.addAttribute("tokenForm", new TokenForm());
            model.addAttribute("canonicalUrl", "/account");
        });
        model.addAttribute("passwordForm", new PasswordForm());
        return page(model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@PathVariable long id, RedirectAttributes flash) {
        var token = tokens.revoke(id);
        flash.addFlashAttribute("flashSuccess", "Token " + token.name() + " revoked; it stops working at once.");
        return "redirect:/account";
    }

    private String page(Model model) {
        var actor = access.current();
        model.addAttribute("user", users.get(actor.username()));
        model.addAttribute("memberships", users.teamsOf(actor.username()));
        model.addAttribute("tokens", tokens.mine());
        model.addAttribute("scopes", Scope.values());
        model.addAttribute("teams", teamDirectory.slugs());
        model.addAttribute("lifetimes", LIFETIMES_IN_DAYS);
        model.addAttribute("now", clock.instant());
        return "identity/account";
    }

    /** The change-password form. */
    static class PasswordForm {
        private String currentPassword = "";
        private String newPassword = "";
        private String repeatPassword = "";

        public String getCurrentPassword() { return currentPassword; }
        public void setCurrentPassword(String value) { this.currentPassword = value; }
        public String getNewPassword() { return newPassword; }
        public void setNewPassword(String value) { this.newPassword = value; }
        public String getRepeatPassword() { return repeatPassword; }
        public void setRepeatPassword(String value) { this.repeatPassword = value; }
    }

    /** The new-token form. */
    static class TokenForm {
        private @Nullable String name;
        private List<String> scopes = List.of();
        private @Nullable String team;
        private int lifetimeDays = 90;

        /** The token to mint for {@code owner} (null: the person signed in), expiring the chosen days from now. */
        TokenRequest toRequest(Clock clock, @Nullable String owner) {
            return new TokenRequest(name, scopeSet(), team, clock.instant().plus(Duration.ofDays(lifetimeDays)), owner);
        }

        EnumSet<Scope> scopeSet() {
            var set = EnumSet.noneOf(Scope.class);
            try {
                scopes.stream().map(Scope::of).forEach(set::add);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("scopes", e.getMessage());
            }
            return set;
        }

        public @Nullable String getName() { return name; }
        public void setName(String value) { this.name = value; }
        public List<String> getScopes() { return scopes; }
        public void setScopes(List<String> value) { this.scopes = value == null ? List.of() : value; }
        public @Nullable String getTeam() { return team; }
        public void setTeam(String value) { this.team = value; }
        public int getLifetimeDays() { return lifetimeDays; }
        public void setLifetimeDays(int value) { this.lifetimeDays = value; }
    }
}
