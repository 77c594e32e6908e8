package dev.slipway.identity.web;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.identity.Role;
import dev.slipway.identity.UserDirectory;
import dev.slipway.identity.UserView;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators manage people: create, roles, disable, reset passwords. */
@Controller
@RequiredArgsConstructor
class UserAdminController {

    private final UserDirectory users;
    private final AccessPolicy access;

    @GetMapping("/admin/users")
    String list(Model model) {
        model.addAttribute("users", users.people());
        return "identity/users/list";
    }

    @GetMapping("/admin/users/new")
    String newForm(Model model) {
        access.require(Permission.USER_ADMIN);
        return form(model, new UserForm(), null);
    }

    @NullUnmarked // a field the browser left out is still null here; the service's validation reports it
    @PostMapping("/admin/users")
    String create(@ModelAttribute("form") UserForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> users.createPerson(new NewUserRequest(form.getUsername(),
                form.getDisplayName(), form.getEmail(), form.getPassword(), form.roleSet()))).map(created -> {
            flash.addFlashAttribute("flashSuccess", "User " + created.username() + " created.");
            return "redirect:/admin/users/" + created.username();
        }).orElseGet(() -> form(model, form, null));
    }

    @GetMapping("/admin/users/{username}")
    String edit(@PathVariable String username, Model model) {
        UserView user = users.get(username);
        return form(model, UserForm.of(user), user);
    }

    @NullUnmarked // a field the browser left out is still null here; the service's validation reports it
    @PostMapping("/admin/users/{username}")
    String update(@PathVariable String username, @ModelAttribute("form") UserForm form, BindingResult binding,
            Model model, RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> {
            users.updatePerson(username, form.getDisplayName(), form.getEmail(), form.roleSet());
            if (form.getPassword() != null && !form.getPassword().isBlank()) {
                users.resetPassword(username, form.getPassword());
            }
            return username;
        }).map(saved -> {
            flash.addFlashAttribute("flashSuccess", "User " + saved + " saved.");
            return "redirect:/admin/users/" + saved;
        }).orElseGet(() -> {
            form.setUsername(username);
            return form(model, form, users.get(username));
        });
    }

    @PostMapping("/admin/users/{username}/enabled")
    String setEnabled(@PathVariable String username, @RequestParam boolean enabled, RedirectAttributes flash) {
        UserView user;
        try {
            user = users.setEnabled(username, enabled);
            flash.addFlashAttribute("flashSuccess", enabledMessage(user, enabled));
        } catch (ConflictException e) { // refused after the right was checked, so reading the user is allowed
            flash.addFlashAttribute("flashError", e.getMessage());
            user = users.get(username);
        }
        // A service account is disabled and enabled from its own page, so the answer goes back there.
        return (isServiceAccount(user) ? "redirect:/admin/service-accounts/" : "redirect:/admin/users/") + username;
    }

    private static boolean isServiceAccount(UserView user) {
        return user.kind() == Actor.Kind.SERVICE_ACCOUNT;
    }

    private static String enabledMessage(UserView user, boolean enabled) {
        String who = (isServiceAccount(user) ? "Service account " : "User ") + user.username();
        if (enabled) {
            return who + " enabled.";
        }
        return who + (isServiceAccount(user) ? " disabled: its tokens stopped working."
                : " disabled: their sessions have ended and their tokens stopped working.");
    }

    private String form(Model model, UserForm form, @Nullable UserView existing) {
        model.addAttribute("form", form);
        model.addAttribute("user", existing);
        model.addAttribute("roles", Role.values());
        model.addAttribute("title", existing == null ? "New user" : existing.displayName());
        if (existing != null) {
            model.addAttribute("memberships", users.teamsOf(existing.username()));
        }
        return "identity/users/form";
    }

    /** The user form; the password is only set when given. */
    static class UserForm {
        private @Nullable String username;
        private @Nullable String displayName;
        private @Nullable String email;
        private @Nullable String password;
        private List<String> roles = List.of();

        static UserForm of(UserView user) {
            var form = new UserForm();
            form.username = user.username();
            form.displayName = user.displayName();
            form.email = user.email();
            form.roles = user.roles().stream().map(Role::name).toList();
            return form;
        }

        Set<Role> roleSet() {
            var set = EnumSet.noneOf(Role.class);
            for (String role : roles) {
                try {
                    set.add(Role.valueOf(role));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("roles", "'" + role + "' is not a role");
                }
            }
            return set;
        }

        public @Nullable String getUsername() { return username; }
        public void setUsername(String value) { this.username = value; }
        public @Nullable String getDisplayName() { return displayName; }
        public void setDisplayName(String value) { this.displayName = value; }
        public @Nullable String getEmail() { return email; }
        public void setEmail(String value) { this.email = value; }
        public @Nullable String getPassword() { return password; }
        public void setPassword(String value) { this.password = value; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> value) { this.roles = value == null ? List.of() : value; }
    }
}
