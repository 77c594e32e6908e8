package dev.slipway.deploy.web;

import dev.slipway.access.GrantAction;
import dev.slipway.access.GrantRequiredException;
import dev.slipway.access.GrantView;
import dev.slipway.access.ProductionAccess;
import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.deploy.Clusters;
import dev.slipway.deploy.DeploymentEventView;
import dev.slipway.deploy.DeploymentQueue;
import dev.slipway.deploy.DeploymentRequest;
import dev.slipway.deploy.DeploymentState;
import dev.slipway.deploy.DeploymentView;
import dev.slipway.deploy.Deployments;
import dev.slipway.deploy.Drift;
import dev.slipway.deploy.DriftView;
import dev.slipway.deploy.PodView;
import dev.slipway.deploy.Releases;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.InvalidInputException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.FragmentsRendering;
import org.springframework.web.util.UriComponentsBuilder;

/** Deploy from the portal and watch it roll out: the service page's deploy panel, a deployment's page, and the list. */
@Controller
@RequiredArgsConstructor
class DeploymentController {

    private final Deployments deployments;
    private final Releases releases;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final Clusters clusters;
    private final Drift drift;
    private final ProductionAccess production;
    private final DeploymentQueue queue;

    /** Per environment, the latest deployment of the service, and the Deploy form; loaded into the service page. */
    @GetMapping("/services/{slug}/deploy-panel")
    String panel(@PathVariable String slug, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String version, Model model) {
        var service = services.ref(slug);
        var environmentList = environments.refs();
        Map<String, DeploymentView> latest = new LinkedHashMap<>();
        deployments.latest(slug).forEach(d -> latest.put(d.environment(), d));
        Map<String, DeploymentView> current = new LinkedHashMap<>();
        deployments.running(List.of(slug)).forEach(d -> current.put(d.environment(), d));
        model.addAttribute("service", service);
        model.addAttribute("environments", environmentList);
        model.addAttribute("latest", latest);
        model.addAttribute("current", current);
        var releaseList = releases.list(slug, PageRequest.ofSize(20)).getContent();
        model.addAttribute("releases", releaseList);
        String chosenEnvironment = environmentList.stream().map(e -> e.slug()).filter(s -> s.equals(environment))
                .findFirst().orElse(environmentList.isEmpty() ? null : environmentList.get(0).slug());
        model.addAttribute("chosenEnvironment", chosenEnvironment);
        model.addAttribute("chosenVersion", releaseList.stream().map(r -> r.version()).filter(v -> v.equals(version))
                .findFirst().orElseGet(() -> suggestedVersion(environmentList, chosenEnvironment, current,
                        releaseList.isEmpty() ? null : releaseList.get(0).version())));
        var failedBefore = new LinkedHashMap<String, String>();
        deployments.list(new Deployments.Filter(slug, null, DeploymentState.FAILED), PageRequest.ofSize(100))
                .getContent().forEach(d -> failedBefore.putIfAbsent(d.version(), d.environmentName()));
        model.addAttribute("failedBefore", failedBefore);
        model.addAttribute("history",
                deployments.list(new Deployments.Filter(slug, null, null), PageRequest.ofSize(10)));
        model.addAttribute("canDeploy", access.can(Permission.DEPLOY, service.team()));
        model.addAttribute("sandbox", clusters.isSandbox());
        var grants = new LinkedHashMap<String, GrantView>();
        environmentList.stream().filter(EnvironmentRef::production).forEach(e -> production
                .currentGrant(GrantAction.DEPLOY, service, e).ifPresent(g -> grants.put(e.slug(), g)));
        model.addAttribute("grants", grants);
        var driftByEnvironment = new LinkedHashMap<String, DriftView>();
        drift.findings(slug).forEach(d -> driftByEnvironment.put(d.environment(), d));
        model.addAttribute("drift", driftByEnvironment);
        return "deploy/panel :: panel";
    }

    /**
     * What the deploy form offers first: the release that last succeeded in the environment before the chosen one
     * (the one to promote), else the newest.
     */
    private static @Nullable String suggestedVersion(List<EnvironmentRef> environments, @Nullable String chosen,
            Map<String, DeploymentView> current, @Nullable String newest) {
        for (int i = 1; i < environments.size(); i++) {
            if (environments.get(i).slug().equals(chosen)) {
                DeploymentView before = current.get(environments.get(i - 1).slug());
                return before == null ? newest : before.version();
            }
        }
        return newest;
    }

    @PostMapping("/services/{slug}/deployments")
    String deploy(@PathVariable String slug, @RequestParam String version, @RequestParam String environment,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String overrideFreeze,
            RedirectAttributes flash) {
        try {
            var requested = deployments.request(new DeploymentRequest(slug, environment, version, reason,
                    overrideFreeze), null);
            return "redirect:/deployments/" + requested.deployment().id();
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("flashError", "Not deployed: " + e.errors().get(0).field() + " "
                    + e.errors().get(0).message() + ".");
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", "Not deployed: " + e.getMessage());
        } catch (GrantRequiredException e) {
            offerAccessRequest(flash, "Not deployed: ", e);
        }
        // Back to the service with the choice kept, so the person can change one thing and try again.
        return "redirect:" + UriComponentsBuilder.fromPath("/services/{slug}")
                .queryParam("environment", environment).queryParam("version", version)
                .buildAndExpand(slug).encode().toUriString();
    }

    /** The phases a rollout goes through, as the page shows them. */
    static final List<String> PHASES = List.of("queued", "applying", "waiting for pods", "pods starting", "ready");

    @GetMapping("/deployments/{id}")
    String show(@PathVariable long id, Model model) {
        DeploymentView deployment = deployments.get(id);
        List<DeploymentEventView> events = deployments.events(id);
        model.addAttribute("deployment", deployment);
        model.addAttribute("events", events);
        model.addAttribute("manifest", deployments.manifest(id).orElse(null));
        model.addAttribute("canDeploy", access.can(Permission.DEPLOY, deployment.team()));
        model.addAttribute("sandbox", clusters.isSandbox());
        model.addAttribute("rollbackVersion", deployment.state().finished()
                ? deployments.rollbackVersion(id).orElse(null) : null);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        var rollback = deployment.state().finished() ? deployments.rollbackMadeOf(id).orElse(null) : null;
        model.addAttribute("rollback", rollback);
        model.addAttribute("live", !deployment.state().finished() || rollback != null && !rollback.state().finished());
        model.addAttribute("phases", PHASES);
        model.addAttribute("phaseIndex", phaseIndex(deployment));
        boolean started = deployment.startedAt() != null && deployment.state() != DeploymentState.CANCELLED;
        List<PodView> pods = started && !deployment.state().finished() ? deployments.pods(id) : List.of();
        model.addAttribute("pods", pods);
        model.addAttribute("liveLogTail", pods.stream().map(PodView::logTail).filter(Objects::nonNull).findFirst()
                .orElse(null));
        model.addAttribute("storedLogTail", events.stream().filter(e -> "LOG".equals(e.kind()))
                .map(DeploymentEventView::message).reduce((first, last) -> last).orElse(null));
        return "deploy/deployment";
    }

    /**
     * The rollout's progress, polled while the deployment (or the rollback it led to) runs, with the actions that
     * fit its state swapped out of band.
     */
    @HxRequest(target = "progress")
    @GetMapping("/deployments/{id}")
    View progress(@PathVariable long id, Model model) {
        String page = show(id, model);
        return FragmentsRendering.with(page + " :: actions(oob=true)").fragment(page + " :: progress").build();
    }

    private static int phaseIndex(DeploymentView deployment) {
        return switch (deployment.state()) {
            case QUEUED -> 0;
            case APPLYING -> 1;
            case SUCCEEDED -> PHASES.size() - 1;
            default -> Math.max(1, PHASES.indexOf(Objects.requireNonNullElse(deployment.phase(), "applying")));
        };
    }

    @PostMapping("/deployments/{id}/cancel")
    String cancel(@PathVariable long id, RedirectAttributes flash) {
        try {
            deployments.cancel(id);
            flash.addFlashAttribute("flashSuccess", "Deployment " + id + " cancelled.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/deployments/" + id;
    }

    @PostMapping("/deployments/{id}/rollback")
    String rollback(@PathVariable long id, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String idempotencyKey, RedirectAttributes flash) {
        try {
            DeploymentView rollback = deployments.rollback(id, reason, idempotencyKey).deployment();
            flash.addFlashAttribute("flashSuccess", "Rolling back to " + rollback.version() + ".");
            return "redirect:/deployments/" + rollback.id();
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        } catch (GrantRequiredException e) {
            offerAccessRequest(flash, "Not rolled back: ", e);
        }
        return "redirect:/deployments/" + id;
    }

    /** A refusal for want of a production grant comes with a button that requests exactly the grant needed. */
    private static void offerAccessRequest(RedirectAttributes flash, String prefix, GrantRequiredException e) {
        flash.addFlashAttribute("flashError", prefix + e.getMessage());
        flash.addFlashAttribute("flashActionHref", e.requestPage());
        flash.addFlashAttribute("flashActionLabel", e.requestLabel());
    }

    @GetMapping("/deployments")
    String list(@RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String state, Pageable page, Model model) {
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
        model.addAttribute("page", deployments.list(filter, page));
        model.addAttribute("queue", queue.depth());
        return "deploy/list";
    }

    /** Just the results, for the filters and the pager. */
    @HxRequest(target = "deployment-results")
    @GetMapping("/deployments")
    String results(@RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String state, Pageable page, Model model) {
        return list(service, environment, state, page, model) + " :: results";
    }

    /** The queue's depth and oldest wait, refreshed on the Deployments page. */
    @GetMapping("/deployments/queue")
    String queue(Model model) {
        access.require(Permission.CATALOG_READ);
        model.addAttribute("queue", queue.depth());
        return "deploy/list :: queue";
    }

    private static @Nullable String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
