package dev.slipway.catalog.web;

import dev.slipway.catalog.Lifecycle;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceFilter;
import dev.slipway.catalog.ServiceRequest;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PortalRedirect;
import dev.slipway.shared.PageRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Function;
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
class ServiceController {

    private final ServiceCatalog services;
    private final TeamCatalog teams;
    private final AccessPolicy access;

    ServiceController(ServiceCatalog services, TeamCatalog teams, AccessPolicy access) {
        this.services = services;
        this.teams = teams;
        this.access = access;
    }

    /** The full page, or for htmx (live search, filters, pager) just the results. */
    @GetMapping("/services")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
            @RequestParam(required = false) String lifecycle, @RequestParam(defaultValue = "1") String page,
            HtmxRequest htmx, Model model) {
        var filter = new ServiceFilter(q, team, parseLifecycle(lifecycle));
        model.addAttribute("filter", filter);
        model.addAttribute("pagerUrl", UriComponentsBuilder.fromPath("/services")
                .queryParamIfPresent("q", Optional.ofNullable(filter.query()).filter(v -> !v.isBlank()))
                .queryParamIfPresent("team", Optional.ofNullable(filter.team()).filter(v -> !v.isBlank()))
                .queryParamIfPresent("lifecycle", Optional.ofNullable(filter.lifecycle()).map(Lifecycle::id))
                .encode().toUriString());
        model.addAttribute("page", services.list(filter, new PageRequest(parsePage(page), PageRequest.DEFAULT_SIZE)));
        if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest() && "results".equals(htmx.getTarget())) {
            return "catalog/services/list :: results";
        }
        model.addAttribute("teams", teams.all());
        model.addAttribute("lifecycles", Lifecycle.values());
        return "catalog/services/list";
    }

    @GetMapping("/services/new")
    String newForm(@RequestParam(required = false) String team, Model model) {
        if (!access.canInAnyTeam(Permission.SERVICE_WRITE)) {
            access.require(Permission.SERVICE_WRITE, team, "service.create", "service", null);
        }
        var form = new ServiceForm();
        form.setTeam(team);
        return form(model, form, null);
    }

    @PostMapping("/services")
    String create(@ModelAttribute("form") ServiceForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash) {
        return save(form, binding, htmx, model, flash, null, services::create, "created");
    }

    @GetMapping("/services/{slug}")
    String show(@PathVariable String slug, Model model) {
        model.addAttribute("service", services.get(slug));
        return "catalog/services/show";
    }

    @GetMapping("/services/{slug}/edit")
    String editForm(@PathVariable String slug, Model model) {
        ServiceView service = services.get(slug);
        access.require(Permission.SERVICE_WRITE, service.team().slug(), "service.update", "service", slug);
        return form(model, ServiceForm.of(service), service);
    }

    @PostMapping("/services/{slug}")
    String update(@PathVariable String slug, @ModelAttribute("form") ServiceForm form, BindingResult binding,
            HtmxRequest htmx, Model model, RedirectAttributes flash) {
        ServiceView existing = services.get(slug);
        form.setSlug(slug);
        return save(form, binding, htmx, model, flash, existing, request -> services.update(slug, request), "saved");
    }

    @PostMapping("/services/{slug}/delete")
    String delete(@PathVariable String slug, HtmxRequest htmx, RedirectAttributes flash) {
        ServiceView service = services.get(slug);
        services.delete(slug);
        flash.addFlashAttribute("flashSuccess", "Service " + service.name() + " deleted.");
        return PortalRedirect.to(htmx, "/services");
    }

    private String save(ServiceForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash, ServiceView existing, Function<ServiceRequest, ServiceView> action, String verb) {
        var errors = new ArrayList<FieldError>();
        ServiceRequest request = form.toRequest(errors);
        if (!errors.isEmpty()) {
            errors.addAll(services.validate(request));
            FormErrors.reject(binding, errors);
        } else {
            try {
                ServiceView saved = action.apply(request);
                flash.addFlashAttribute("flashSuccess", "Service " + saved.name() + " " + verb + ".");
                return PortalRedirect.to(htmx, "/services/" + saved.slug());
            } catch (InvalidInputException e) {
                FormErrors.reject(binding, e.errors());
            } catch (ConflictException e) {
                FormErrors.reject(binding, e);
            }
        }
        form(model, form, existing);
        return htmx.isHtmxRequest() ? "catalog/services/form :: entry-form" : "catalog/services/form";
    }

    private String form(Model model, ServiceForm form, ServiceView existing) {
        model.addAttribute("form", form);
        model.addAttribute("title", existing == null ? "New service" : "Edit " + existing.name());
        model.addAttribute("service", existing);
        model.addAttribute("teams", teams.all());
        model.addAttribute("lifecycles", Lifecycle.values());
        return "catalog/services/form";
    }

    private static Lifecycle parseLifecycle(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Lifecycle.of(value);
        } catch (IllegalArgumentException e) {
            return null; // a stale or hand-edited link: show everything rather than an error
        }
    }

    private static int parsePage(String value) {
        try {
            return Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
