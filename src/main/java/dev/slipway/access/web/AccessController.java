package dev.slipway.access.web;

import dev.slipway.access.AccessProperties;
import dev.slipway.access.AccessRequestView;
import dev.slipway.access.AccessRequests;
import dev.slipway.access.Durations;
import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantCreated;
import dev.slipway.access.GrantFilter;
import dev.slipway.access.GrantView;
import dev.slipway.access.Grants;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.HtmxForm;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.RequestValidator;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
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

/**
 * The Access page: my grants with their time left, my requests, the requests waiting for my decision,
 * and for administrators every grant and the form to grant directly.
 */
@Controller
@RequiredArgsConstructor
class AccessController {

    private final Grants grants;
    private final AccessRequests requests;
    private final EnvironmentCatalog environments;
    private final ServiceCatalog services;
    private final TeamCatalog teams;
    private final AccessPolicy access;
    private final AccessProperties properties;

    @GetMapping("/access")
    String page(@RequestParam(required = false) String subject, @RequestParam(required = false) String service,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String status,
            Pageable page, Model model) {
        mine(model);
        model.addAttribute("waiting", requests.waitingFor());
        model.addAttribute("approver", access.canInAnyTeam(Permission.ACCESS_APPROVE));
        boolean admin = access.can(Permission.ACCESS_GRANT);
        model.addAttribute("admin", admin);
        if (admin) {
            var filter = new GrantFilter(blank(subject), blank(service), blank(environment), status(status));
            model.addAttribute("filter", filter);
            model.addAttribute("statuses", GrantView.Status.values());
            model.addAttribute("productionEnvironments", production());
            model.addAttribute("all", grants.list(filter, page));
        }
        return "access/page";
    }

    /** Your own grants and requests, polled while a request of yours waits for approval. */
    @HxRequest(target = "my-access")
    @GetMapping("/access")
    String myAccess(Model model) {
        mine(model);
        return "access/page :: mine";
    }

    /** Every grant, for the administrators' filters and pager. */
    @HxRequest(target = "grant-results")
    @GetMapping("/access")
    String allGrants(@RequestParam(required = false) String subject, @RequestParam(required = false) String service,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String status,
            Pageable page, Model model) {
        String view = page(subject, service, environment, status, page, model);
        return Boolean.TRUE.equals(model.getAttribute("admin")) ? view + " :: all-grants" : view;
    }

    private void mine(Model model) {
        Actor actor = access.current();
        model.addAttribute("grants", grants.mine());
        var mine = requests.list(new AccessRequests.Filter(actor.username(), null), PageRequest.ofSize(10))
                .getContent();
        model.addAttribute("requests", mine);
        model.addAttribute("anyPending", mine.stream().anyMatch(AccessRequestView::pending));
    }

    @GetMapping("/access/requests/new")
    String newRequest(@RequestParam(required = false) String service, @RequestParam(required = false) String team,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String action,
            @RequestParam(required = false) String duration, Model model) {
        var form = new AccessRequestForm();
        form.setServices(service);
        form.setTeam(service == null || service.isBlank() ? team : services.ref(service.strip()).team());
        if (environment != null) {
            form.setEnvironments(List.of(environment));
        } else if (production().size() == 1) {
            form.setEnvironments(List.of(production().get(0).slug()));
        }
        form.setActions(List.of(action == null ? GrantAction.DEPLOY.id() : action));
        if (duration != null && !duration.isBlank()) {
            form.setDuration(duration);
        }
        return requestForm(model, form);
    }

    @HtmxForm("access-request-form")
    @PostMapping("/access/requests")
    String request(@ModelAttribute("form") AccessRequestForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> {
            var errors = new ArrayList<FieldError>();
            var request = form.toRequest(errors);
            RequestValidator.require(errors);
            return requests.create(request);
        }).map(created -> {
            flash.addFlashAttribute("flashSuccess", "Request " + created.id() + " sent: " + created.approvalsRequired()
                    + " approval" + (created.approvalsRequired() == 1 ? "" : "s") + " needed. This page shows the grant "
                    + "as soon as it is approved.");
            return "redirect:/access";
        }).orElseGet(() -> requestForm(model, form));
    }

    @GetMapping("/access/requests/{id}")
    String showRequest(@PathVariable long id, Model model) {
        AccessRequestView request = requests.get(id);
        model.addAttribute("request", request);
        model.addAttribute("mayDecide", requests.mayDecide(request));
        model.addAttribute("title", "Access request " + id);
        return "access/request";
    }

    @PostMapping("/access/requests/{id}/approve")
    String approve(@PathVariable long id, @RequestParam(required = false) String comment,
            RedirectAttributes flash) {
        return decide(id, flash, () -> {
            AccessRequestView decided = requests.approve(id, comment);
            return decided.state() == AccessRequestView.State.APPROVED
                    ? "Approved request " + id + ": " + decided.requester() + " has access now (grant " + decided.grantId() + ")."
                    : "Approved request " + id + "; it needs " + (decided.approvalsRequired() - decided.approvals())
                            + " more approval(s).";
        });
    }

    @PostMapping("/access/requests/{id}/deny")
    String deny(@PathVariable long id, @RequestParam(required = false) String comment,
            RedirectAttributes flash) {
        return decide(id, flash, () -> {
            requests.deny(id, comment);
            return "Denied request " + id + ".";
        });
    }

    @PostMapping("/access/requests/{id}/withdraw")
    String withdraw(@PathVariable long id, RedirectAttributes flash) {
        return decide(id, flash, () -> {
            requests.withdraw(id);
            return "Withdrew request " + id + ".";
        });
    }

    private String decide(long id, RedirectAttributes flash, Supplier<String> decision) {
        try {
            flash.addFlashAttribute("flashSuccess", decision.get());
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("flashError", "Not decided: " + e.errors().get(0).field() + " "
                    + e.errors().get(0).message() + ".");
        }
        return "redirect:/access";
    }

    @GetMapping("/access/grants/new")
    String newGrant(@RequestParam(required = false) String grantee, @RequestParam(required = false) String service,
            Model model) {
        access.require(Permission.ACCESS_GRANT, null, GrantCreated.NAME, "grant", null);
        var form = new GrantForm();
        form.setGrantee(grantee);
        form.setServices(service);
        if (production().size() == 1) {
            form.setEnvironments(List.of(production().get(0).slug()));
        }
        form.setActions(List.of(GrantAction.DEPLOY.id()));
        return grantForm(model, form);
    }

    @HtmxForm("grant-entry-form")
    @PostMapping("/access/grants")
    String grant(@ModelAttribute("form") GrantForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> {
            var errors = new ArrayList<FieldError>();
            var request = form.toRequest(errors);
            if (!errors.isEmpty()) {
                access.require(Permission.ACCESS_GRANT, null, GrantCreated.NAME, "grant", null);
                throw new InvalidInputException(errors);
            }
            return grants.create(request);
        }).map(created -> {
            flash.addFlashAttribute("flashSuccess", "Granted " + created.subject() + " access to " + created.describe()
                    + " until " + created.endsAt() + ".");
            return "redirect:/access";
        }).orElseGet(() -> grantForm(model, form));
    }

    @PostMapping("/access/grants/{id}/revoke")
    String revoke(@PathVariable long id, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        return decide(id, flash, () -> {
            grants.revoke(id, reason);
            return "Revoked grant " + id + "; it no longer counts.";
        });
    }

    /** Grants that cover a service (CI's standing grant among them), loaded into the service page. */
    @GetMapping("/services/{slug}/access")
    String forService(@PathVariable String slug, Model model) {
        var service = services.get(slug);
        model.addAttribute("service", service);
        model.addAttribute("covering", grants.covering(slug, service.team().slug()));
        model.addAttribute("mayRequest", access.can(Permission.ACCESS_REQUEST, service.team().slug()));
        model.addAttribute("admin", access.can(Permission.ACCESS_GRANT));
        model.addAttribute("hasProduction", !production().isEmpty());
        return "access/service :: service-access";
    }

    private String requestForm(Model model, AccessRequestForm form) {
        model.addAttribute("form", form);
        model.addAttribute("productionEnvironments", production());
        model.addAttribute("actions", GrantAction.values());
        model.addAttribute("durations", durations(Stream.of("PT15M", "PT30M", "PT1H", "PT2H", "PT4H", "PT8H"),
                properties.maxDuration(), form.getDuration()));
        var mine = access.current().teams().keySet();
        model.addAttribute("teams", teams.all().stream().filter(t -> mine.contains(t.slug())).toList());
        model.addAttribute("maxDuration", Durations.describe(properties.maxDuration()));
        return "access/request-form";
    }

    private String grantForm(Model model, GrantForm form) {
        model.addAttribute("form", form);
        model.addAttribute("productionEnvironments", production());
        model.addAttribute("actions", GrantAction.values());
        model.addAttribute("durations", durations(Stream.of("PT1H", "PT4H", "PT8H", "P1D", "P3D", "P7D", "P14D"),
                properties.maxStandingDuration(), form.getDuration()));
        model.addAttribute("teams", teams.all());
        model.addAttribute("maxDuration", Durations.describe(properties.maxDuration()));
        model.addAttribute("maxStandingDuration", Durations.describe(properties.maxStandingDuration()));
        return "access/grant-form";
    }

    /** Duration choices up to the limit, value → label, keeping the one already chosen. */
    private static Map<String, String> durations(Stream<String> choices, Duration limit, @Nullable String chosen) {
        var options = new LinkedHashMap<String, String>();
        choices.map(Duration::parse).filter(d -> d.compareTo(limit) <= 0)
                .forEach(d -> options.put(d.toString(), Durations.describe(d)));
        if (chosen != null && !options.containsKey(chosen)) {
            try {
                options.put(chosen, Durations.describe(Duration.parse(chosen)));
            } catch (RuntimeException e) {
                options.put(chosen, chosen);
            }
        }
        return options;
    }

    private List<EnvironmentView> production() {
        return environments.list().stream().filter(EnvironmentView::production).toList();
    }

    private static GrantView.@Nullable Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return GrantView.Status.valueOf(value.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
