package dev.slipway.deploy.web;

import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantRequiredException;
import dev.slipway.access.GrantView;
import dev.slipway.access.ProductionAccess;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.deploy.Clusters;
import dev.slipway.deploy.DeploymentRequest;
import dev.slipway.deploy.DeploymentState;
import dev.slipway.deploy.DeploymentView;
import dev.slipway.deploy.Deployments;
import dev.slipway.deploy.Releases;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PageRequest;
import dev.slipway.shared.PortalRedirect;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Deploy from the portal and watch it roll out: the service page's deploy panel, a deployment's page, and the list. */
@Controller
class DeploymentController {

    private final Deployments deployments;
    private final Releases releases;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final Clusters clusters;
    private final dev.slipway.deploy.Drift drift;
    private final ProductionAccess production;

    DeploymentController(Deployments deployments, Releases releases, ServiceCatalog services,
            EnvironmentCatalog environments, AccessPolicy access, Clusters clusters, dev.slipway.deploy.Drift drift,
            ProductionAccess production) {
        this.production = production;
        this.drift = drift;
        this.deployments = deployments;
        this.releases = releases;
        this.services = services;
        this.environments = environments;
        this.access = access;
        this.clusters = clusters;
    }

    /** Per environment, the latest deployment of the service, and the Deploy form; loaded into the service page. */
    @GetMapping("/services/{slug}/deploy-panel")
    String panel(@PathVariable String slug, Model model) {
        var service = services.get(slug);
        Map<String, DeploymentView> latest = new LinkedHashMap<>();
        Map<String, DeploymentView> current = new LinkedHashMap<>();
        for (var environment : environments.list()) {
            var filter = new Deployments.Filter(slug, environment.slug(), null);
            deployments.list(filter, new PageRequest(1, 1)).items().stream().findFirst()
                    .ifPresent(d -> latest.put(environment.slug(), d));
            deployments.list(new Deployments.Filter(slug, environment.slug(), DeploymentState.SUCCEEDED),
                    new PageRequest(1, 1)).items().stream().findFirst().ifPresent(d -> current.put(environment.slug(), d));
        }
        model.addAttribute("service", service);
        model.addAttribute("environments", environments.list());
        model.addAttribute("latest", latest);
        model.addAttribute("current", current);
        model.addAttribute("releases", releases.list(slug, new PageRequest(1, 20)).items());
        model.addAttribute("history", deployments.list(new Deployments.Filter(slug, null, null), new PageRequest(1, 10)));
        model.addAttribute("canDeploy", access.can(Permission.DEPLOY, service.team().slug()));
        model.addAttribute("sandbox", clusters.isSandbox());
        var ref = services.ref(slug);
        var grants = new LinkedHashMap<String, GrantView>();
        environments.refs().stream().filter(EnvironmentRef::production).forEach(e -> production
                .currentGrant(GrantAction.DEPLOY, ref, e).ifPresent(g -> grants.put(e.slug(), g)));
        model.addAttribute("grants", grants);
        var driftByEnvironment = new LinkedHashMap<String, dev.slipway.deploy.DriftView>();
        drift.findings(slug).forEach(d -> driftByEnvironment.put(d.environment(), d));
        model.addAttribute("drift", driftByEnvironment);
        return "deploy/panel :: panel";
    }

    @PostMapping("/services/{slug}/deployments")
    String deploy(@PathVariable String slug, @RequestParam String version, @RequestParam String environment,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String overrideFreeze,
            HtmxRequest htmx, RedirectAttributes flash) {
        try {
            var requested = deployments.request(new DeploymentRequest(slug, environment, version, reason,
                    overrideFreeze), null);
            return PortalRedirect.to(htmx, "/deployments/" + requested.deployment().id());
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("flashError", "Not deployed: " + e.errors().get(0).field() + " "
                    + e.errors().get(0).message() + ".");
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", "Not deployed: " + e.getMessage());
        } catch (GrantRequiredException e) {
            offerAccessRequest(flash, "Not deployed: ", e);
        }
        return PortalRedirect.to(htmx, "/services/" + slug);
    }

    @GetMapping("/deployments/{id}")
    String show(@PathVariable long id, HtmxRequest htmx, Model model) {
        model.addAttribute("deployment", deployments.get(id));
        model.addAttribute("events", deployments.events(id));
        model.addAttribute("manifest", deployments.manifest(id).orElse(null));
        model.addAttribute("canDeploy", access.can(Permission.DEPLOY, deployments.get(id).team()));
        model.addAttribute("sandbox", clusters.isSandbox());
        return htmx.isHtmxRequest() && "progress".equals(htmx.getTarget()) ? "deploy/deployment :: progress"
                : "deploy/deployment";
    }

    @PostMapping("/deployments/{id}/cancel")
    String cancel(@PathVariable long id, HtmxRequest htmx, RedirectAttributes flash) {
        try {
            deployments.cancel(id);
            flash.addFlashAttribute("flashSuccess", "Deployment " + id + " cancelled.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        }
        return PortalRedirect.to(htmx, "/deployments/" + id);
    }

    @PostMapping("/deployments/{id}/rollback")
    String rollback(@PathVariable long id, @RequestParam(required = false) String reason, HtmxRequest htmx,
            RedirectAttributes flash) {
        try {
            DeploymentView rollback = deployments.rollback(id, reason);
            flash.addFlashAttribute("flashSuccess", "Rolling back to " + rollback.version() + ".");
            return PortalRedirect.to(htmx, "/deployments/" + rollback.id());
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        } catch (GrantRequiredException e) {
            offerAccessRequest(flash, "Not rolled back: ", e);
        }
        return PortalRedirect.to(htmx, "/deployments/" + id);
    }

    /** A refusal for want of a production grant comes with a button that requests exactly the grant needed. */
    private static void offerAccessRequest(RedirectAttributes flash, String prefix, GrantRequiredException e) {
        flash.addFlashAttribute("flashError", prefix + e.getMessage());
        flash.addFlashAttribute("flashActionHref", e.requestPage());
        flash.addFlashAttribute("flashActionLabel", e.requestLabel());
    }

    @GetMapping("/deployments")
    String list(@RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String state, @RequestParam(defaultValue = "1") int page, HtmxRequest htmx,
            Model model) {
        DeploymentState parsed = Optional.ofNullable(state).filter(s -> !s.isBlank()).map(s -> {
            try {
                return DeploymentState.valueOf(s.toUpperCase());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).orElse(null);
        var filter = new Deployments.Filter(blank(service), blank(environment), parsed);
        model.addAttribute("filter", filter);
        model.addAttribute("states", DeploymentState.values());
        model.addAttribute("environments", environments.list());
        model.addAttribute("page", deployments.list(filter, new PageRequest(Math.max(1, page), 25)));
        return htmx.isHtmxRequest() && "deployment-results".equals(htmx.getTarget()) ? "deploy/list :: results"
                : "deploy/list";
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
