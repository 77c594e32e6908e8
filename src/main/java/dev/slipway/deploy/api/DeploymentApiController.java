package dev.slipway.deploy.api;

import dev.slipway.deploy.DeploySettings;
import dev.slipway.deploy.DeploymentEventView;
import dev.slipway.deploy.DeploymentRequest;
import dev.slipway.deploy.DeploymentState;
import dev.slipway.deploy.DeploymentView;
import dev.slipway.deploy.DeploymentWaits;
import dev.slipway.deploy.Deployments;
import dev.slipway.deploy.Drift;
import dev.slipway.deploy.DriftView;
import dev.slipway.deploy.DeploySettingsStore;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Deployments", description = "Deploy releases to environments and follow their rollout")
@ApiErrorResponses
@RequiredArgsConstructor
class DeploymentApiController {

    /** A rollback's optional reason. */
    record RollbackRequest(String reason) {
    }

    private final Deployments deployments;
    private final DeploySettingsStore settings;
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final Drift drift;
    private final DeploymentWaits waits;

    @GetMapping("/api/v1/drift")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Services whose live image differs from the release Slipway last deployed",
            description = "Checked on a schedule; `service` narrows to one service.")
    List<DriftView> drift(@RequestParam(required = false) String service) {
        return drift.findings(service == null || service.isBlank() ? null : service.strip());
    }

    @PostMapping(path = "/api/v1/deployments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Queued (or, for a retried Idempotency-Key, the first result)")
    @Operation(summary = "Deploy a release to an environment", description = "Needs the scope deployments:write and "
            + "membership of the owning team. The deployment is queued and starts as soon as nothing else of this "
            + "service is underway in that environment. Send an `Idempotency-Key` header so a retried call never "
            + "creates a second deployment. In a production environment the caller also needs an active access grant "
            + "(checked again when the deployment starts); without one the 403 problem detail names it in "
            + "`requiredGrant` and holds the request to send in `requestAccess`.")
    ResponseEntity<DeploymentView> deploy(@RequestBody DeploymentRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Deployments.Requested requested = deployments.request(request, idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + requested.deployment().id()))
                .header("Idempotent-Replayed", String.valueOf(!requested.created()))
                .body(requested.deployment());
    }

    @GetMapping("/api/v1/deployments")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List deployments, newest first", description = "Filters: `service`, `environment` (slugs), "
            + "`state` (queued, applying, rolling_out, succeeded, failed, cancelled).")
    @PageParameters
    PageBody<DeploymentView> list(@RequestParam(required = false) String service,
            @RequestParam(required = false) String environment,
            @RequestParam(required = false) DeploymentState state, Pageable page) {
        return PageBody.of(deployments.list(new Deployments.Filter(blank(service), blank(environment), state),
                page));
    }

    @GetMapping("/api/v1/deployments/{id}")
    @ApiResponse(responseCode = "200", description = "OK: the deployment (with `wait`, once it has ended or the wait "
            + "ran out; check `state`)")
    @Operation(summary = "One deployment, with its progress", description = "With `wait` (such as `60s`, at most "
            + "`10m`) the answer comes when the deployment has ended, or when the wait runs out with its current state, "
            + "so a pipeline step needs no poll loop. `failureReason` says in one line why a deployment failed.")
    CompletableFuture<DeploymentView> get(@PathVariable long id, @RequestParam(required = false) String wait) {
        DeploymentView deployment = deployments.get(id);
        Duration max = waitOf(wait);
        if (max.isZero() || deployment.state().finished()) {
            return CompletableFuture.completedFuture(deployment);
        }
        return waits.untilFinished(id, max);
    }

    @GetMapping("/api/v1/deployments/{id}/events")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "A deployment's event log, oldest first", description = "Ask for `text/event-stream` to "
            + "receive the lines live as server-sent events (event name = the line's kind, `id` = its id, so "
            + "`Last-Event-ID` resumes); the stream ends with an `end` event holding the deployment.")
    List<DeploymentEventView> events(@PathVariable long id) {
        return deployments.events(id);
    }

    @GetMapping(path = "/api/v1/deployments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter eventStream(@PathVariable long id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        deployments.get(id);
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("Last-Event-ID", "must be the id of an event line, such as 42");
            }
        }
        var emitter = new SseEmitter(Duration.ofHours(1).toMillis());
        var following = waits.follow(id, after, lines -> {
            try {
                for (DeploymentEventView line : lines) {
                    emitter.send(SseEmitter.event().id(String.valueOf(line.id())).name(line.kind()).data(line,
                            MediaType.APPLICATION_JSON));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ended -> {
            try {
                emitter.send(SseEmitter.event().name("end").data(ended, MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        following.whenComplete((done, failure) -> {
            if (failure != null) {
                emitter.completeWithError(failure);
            }
        });
        emitter.onCompletion(() -> following.cancel(false));
        emitter.onTimeout(() -> following.cancel(false));
        emitter.onError(e -> following.cancel(false));
        return emitter;
    }

    @GetMapping(path = "/api/v1/deployments/{id}/manifest", produces = "application/yaml")
    @ApiResponse(responseCode = "200", description = "The exact manifest applied")
    @Operation(summary = "The manifest a deployment applied")
    ResponseEntity<String> manifest(@PathVariable long id) {
        return deployments.manifest(id).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/v1/deployments/{id}/cancel")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    @Operation(summary = "Cancel a queued deployment", description = "409 once it has started.")
    DeploymentView cancel(@PathVariable long id) {
        return deployments.cancel(id);
    }

    @PostMapping(path = "/api/v1/deployments/{id}/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "A rollback deployment was queued (or, for a retried "
            + "Idempotency-Key, the first one)")
    @Operation(summary = "Roll back", description = "Queues a deployment of the last release that succeeded in this "
            + "environment before this deployment, recorded with `rollbackOf`; 409 when there is none. Send an "
            + "`Idempotency-Key` header so a retried call never queues a second rollback. In production it needs a "
            + "grant for `rollback`.")
    ResponseEntity<DeploymentView> rollback(@PathVariable long id, @RequestBody(required = false) RollbackRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Deployments.Requested rollback = deployments.rollback(id, request == null ? null : request.reason(),
                idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + rollback.deployment().id()))
                .header("Idempotent-Replayed", String.valueOf(!rollback.created()))
                .body(rollback.deployment());
    }

    @GetMapping("/api/v1/services/{service}/environments/{environment}/settings")
    @ApiResponse(responseCode = "200", description = "OK (the defaults until changed)")
    @Operation(summary = "How a service runs in an environment")
    DeploySettings settings(@PathVariable String service, @PathVariable String environment) {
        return settings.get(service, environment);
    }

    @PutMapping(path = "/api/v1/services/{service}/environments/{environment}/settings",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Changed; used by the next deployment")
    @Operation(summary = "Change how a service runs in an environment", description = "Replicas, container port, "
            + "CPU and memory requests and limits, plain environment variables (no secrets), probe paths, rollout "
            + "timeout.")
    DeploySettings putSettings(@PathVariable String service, @PathVariable String environment,
            @RequestBody DeploySettings request) {
        return settings.put(service, environment, request);
    }

    /** "60s", "2m", "90" (seconds) or an ISO duration; at most ten minutes. */
    static Duration waitOf(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String text = value.strip().toLowerCase(Locale.ROOT);
        Duration wait;
        try {
            if (text.matches("\\d{1,6}")) {
                wait = Duration.ofSeconds(Long.parseLong(text));
            } else if (text.matches("\\d{1,6}(ms|s|m)")) {
                wait = DurationStyle.SIMPLE.parse(text);
            } else {
                wait = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (RuntimeException e) {
            throw new InvalidInputException("wait", "must be a duration such as 60s or 2m");
        }
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new InvalidInputException("wait", "must be between 0s and 10m");
        }
        return wait;
    }

    private static @Nullable String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
