package dev.slipway.catalog.web;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceCreated;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.ServiceUpdated;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.HtmxForm;
import dev.slipway.shared.InvalidInputException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.util.ArrayList;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

@Controller
@RequiredArgsConstructor
class ServiceController {

    private static final CatalogEntrySave<ServiceView> SAVE = new CatalogEntrySave<>("Service", ServiceView::name,
            service -> "/services/" + service.slug());

    private final ServiceCatalog services;
    private final TeamCatalog teams;
    private final AccessPolicy access;

    /** The full page. */
    @GetMapping("/services")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
            @RequestParam(required = false) String lifecycle, Pageable page, Model model) {
        results(q, team, lifecycle, page, model);
        model.addAttribute("teams", teams.all());
        model.addAttribute("lifecycles", Lifecycle.values());
        return "catalog/services/list";
    }

    /** Just the results, for htmx: live search, filters and pager. */
    @HxRequest(target = "results")
    @GetMapping("/services")
    String results(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
            @RequestParam(required = false) String lifecycle, Pageable page, Model model) {
        var filter = new ServiceFilter(q, team, parseLifecycle(lifecycle));
        model.addAttribute("filter", filter);
        model.addAttribute("pagerUrl", UriComponentsBuilder.fromPath("/services")
                .queryParamIfPresent("q", Optional.ofNullable(filter.query()).filter(v -> !v.isBlank()))
                .queryParamIfPresent("team", Optional.ofNullable(filter.team()).filter(v -> !v.isBlank()))
                .queryParamIfPresent("lifecycle", Optional.ofNullable(filter.lifecycle()).map(Lifecycle::id))
                .encode().toUriString());
        model.addAttribute("page", services.list(filter, page));
        return "catalog/services/list :: results";
    }

    @GetMapping("/services/new")
    String newForm(@RequestParam(required = false) String team, Model model) {
        if (!access.canInAnyTeam(Permission.SERVICE_WRITE)) {
            access.require(Permission.SERVICE_WRITE, team, ServiceCreated.NAME, "service", null);
        }
        var form = new ServiceForm();
        form.setTeam(team);
        return form(model, form, null);
    }

    @HtmxForm("entry-form")
    @PostMapping("/services")
    String create(@ModelAttribute("form") ServiceForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return SAVE.save(() -> services.create(request(form)), "created", binding, flash,
                () -> form(model, form, null));
    }

    @GetMapping("/services/{slug}")
    String show(@PathVariable String slug, Model model) {
        model.addAttribute("service", services.get(slug));
        return "catalog/services/show";
    }

    @GetMapping("/services/{slug}/edit")
    String editForm(@PathVariable String slug, Model model) {
        ServiceView service = services.get(slug);
        access.require(Permission.SERVICE_WRITE, service.team().slug(), ServiceUpdated.NAME, "service", slug);
        return form(model, ServiceForm.of(service), service);
    }

    @HtmxForm("entry-form")
    @PostMapping("/services/{slug}")
    String update(@PathVariable String slug, @ModelAttribute("form") ServiceForm form, BindingResult binding,
            Model model, RedirectAttributes flash) {
        ServiceView existing = services.get(slug);
        form.setSlug(slug);
        return SAVE.save(() -> services.update(slug, request(form)), "saved", binding, flash,
                () -> form(model, form, existing));
    }

    @PostMapping("/services/{slug}/delete")
    String delete(@PathVariable String slug, RedirectAttributes flash) {
        ServiceView service = services.get(slug);
        try {
            services.delete(slug);
        } catch (ConflictException e) { // a deployment of it is underway
            flash.addFlashAttribute("flashError", e.getMessage());
            return "redirect:/services/" + slug;
        }
        flash.addFlashAttribute("flashSuccess", "Service " + service.name() + " deleted.");
        return "redirect:/services";
    }

    /** The request the form makes; a form that cannot make one is refused with every problem the catalog sees too. */
    private ServiceRequest request(ServiceForm form) {
        var errors = new ArrayList<FieldError>();
        ServiceRequest request = form.toRequest(errors);
        if (!errors.isEmpty()) {
            errors.addAll(services.validate(request));
            throw new InvalidInputException(errors);
        }
        return request;
    }

    private String form(Model model, ServiceForm form, @Nullable ServiceView existing) {
        model.addAttribute("form", form);
        model.addAttribute("title", existing == null ? "New service" : "Edit " + existing.name());
        model.addAttribute("service", existing);
        model.addAttribute("teams", teams.all());
        model.addAttribute("lifecycles", Lifecycle.values());
        return "catalog/services/form";
    }

    private static @Nullable Lifecycle parseLifecycle(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Lifecycle.of(value);
        } catch (IllegalArgumentException e) {
            return null; // a stale or hand-edited link: show everything rather than an error
        }
    }
}
