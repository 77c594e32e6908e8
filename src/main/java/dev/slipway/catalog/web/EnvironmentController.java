package dev.slipway.catalog.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.HtmxForm;
import dev.slipway.shared.RequestValidator;
import java.util.ArrayList;
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

@Controller
@RequiredArgsConstructor
class EnvironmentController {

    private static final CatalogEntrySave<EnvironmentView> SAVE = new CatalogEntrySave<>("Environment",
            EnvironmentView::name, environment -> "/environments");

    private final EnvironmentCatalog environments;
    private final AccessPolicy access;

    @GetMapping("/environments")
    String list(Model model) {
        model.addAttribute("environments", environments.list());
        return "catalog/environments/list";
    }

    @GetMapping("/environments/new")
    String newForm(Model model) {
        access.require(Permission.ENVIRONMENT_WRITE);
        return form(model, new EnvironmentForm(), null);
    }

    @HtmxForm("entry-form")
    @PostMapping("/environments")
    String create(@ModelAttribute("form") EnvironmentForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return SAVE.save(() -> environments.create(request(form)), "created", binding, flash,
                () -> form(model, form, null));
    }

    @GetMapping("/environments/{slug}/edit")
    String editForm(@PathVariable String slug, Model model) {
        EnvironmentView environment = environments.get(slug);
        access.require(Permission.ENVIRONMENT_WRITE);
        return form(model, EnvironmentForm.of(environment), environment);
    }

    @HtmxForm("entry-form")
    @PostMapping("/environments/{slug}")
    String update(@PathVariable String slug, @ModelAttribute("form") EnvironmentForm form, BindingResult binding,
            Model model, RedirectAttributes flash) {
        EnvironmentView existing = environments.get(slug);
        form.setSlug(slug);
        return SAVE.save(() -> environments.update(slug, request(form)), "saved", binding, flash,
                () -> form(model, form, existing));
    }

    @PostMapping("/environments/{slug}/delete")
    String delete(@PathVariable String slug, RedirectAttributes flash) {
        EnvironmentView environment = environments.get(slug);
        try {
            environments.delete(slug);
        } catch (ConflictException e) { // a deployment to it is underway
            flash.addFlashAttribute("flashError", e.getMessage());
            return "redirect:/environments";
        }
        flash.addFlashAttribute("flashSuccess", "Environment " + environment.name() + " deleted.");
        return "redirect:/environments";
    }

    private static EnvironmentRequest request(EnvironmentForm form) {
        var errors = new ArrayList<FieldError>();
        EnvironmentRequest request = form.toRequest(errors);
        RequestValidator.require(errors);
        return request;
    }

    private String form(Model model, EnvironmentForm form, @Nullable EnvironmentView existing) {
        model.addAttribute("form", form);
        model.addAttribute("title", existing == null ? "New environment" : "Edit " + existing.name());
        model.addAttribute("environment", existing);
        return "catalog/environments/form";
    }
}
