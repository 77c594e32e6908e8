package dev.slipway.catalog.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PortalRedirect;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.util.ArrayList;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class EnvironmentController {

    private final EnvironmentCatalog environments;
    private final AccessPolicy access;

    EnvironmentController(EnvironmentCatalog environments, AccessPolicy access) {
        this.environments = environments;
        this.access = access;
    }

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

    @PostMapping("/environments")
    String create(@ModelAttribute("form") EnvironmentForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash) {
        return save(form, binding, htmx, model, flash, null, environments::create, "created");
    }

    @GetMapping("/environments/{slug}/edit")
    String editForm(@PathVariable String slug, Model model) {
        EnvironmentView environment = environments.get(slug);
        access.require(Permission.ENVIRONMENT_WRITE);
        return form(model, EnvironmentForm.of(environment), environment);
    }

    @PostMapping("/environments/{slug}")
    String update(@PathVariable String slug, @ModelAttribute("form") EnvironmentForm form, BindingResult binding,
            HtmxRequest htmx, Model model, RedirectAttributes flash) {
        EnvironmentView existing = environments.get(slug);
        form.setSlug(slug);
        return save(form, binding, htmx, model, flash, existing, request -> environments.update(slug, request),
                "saved");
    }

    @PostMapping("/environments/{slug}/delete")
    String delete(@PathVariable String slug, HtmxRequest htmx, RedirectAttributes flash) {
        EnvironmentView environment = environments.get(slug);
        environments.delete(slug);
        flash.addFlashAttribute("flashSuccess", "Environment " + environment.name() + " deleted.");
        return PortalRedirect.to(htmx, "/environments");
    }

    private String save(EnvironmentForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash, EnvironmentView existing, Function<EnvironmentRequest, EnvironmentView> action,
            String verb) {
        var errors = new ArrayList<FieldError>();
        EnvironmentRequest request = form.toRequest(errors);
        if (!errors.isEmpty()) {
            FormErrors.reject(binding, errors);
        } else {
            try {
                EnvironmentView saved = action.apply(request);
                flash.addFlashAttribute("flashSuccess", "Environment " + saved.name() + " " + verb + ".");
                return PortalRedirect.to(htmx, "/environments");
            } catch (InvalidInputException e) {
                FormErrors.reject(binding, e.errors());
            } catch (ConflictException e) {
                FormErrors.reject(binding, e);
            }
        }
        form(model, form, existing);
        return htmx.isHtmxRequest() ? "catalog/environments/form :: entry-form" : "catalog/environments/form";
    }

    private String form(Model model, EnvironmentForm form, EnvironmentView existing) {
        model.addAttribute("form", form);
        model.addAttribute("title", existing == null ? "New environment" : "Edit " + existing.name());
        model.addAttribute("environment", existing);
        return "catalog/environments/form";
    }
}
