package dev.slipway.audit;

import dev.slipway.deploy.DeploymentCancelled;
import dev.slipway.deploy.DeploymentFailed;
import dev.slipway.deploy.DeploymentLifecycleEvent;
import dev.slipway.deploy.DeploymentQueued;
import dev.slipway.deploy.DeploymentStarted;
import dev.slipway.deploy.DeploymentSucceeded;
import dev.slipway.shared.AuditEvent;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns the deploy module's lifecycle events into audit events, in the transaction of the change. */
@Component
class DeploymentAuditing {

    private final AuditRecorder recorder;

    DeploymentAuditing(AuditRecorder recorder) {
        this.recorder = recorder;
    }

    @EventListener
    void on(DeploymentLifecycleEvent event) {
        auditEvents(event).forEach(recorder::withTheChange);
    }

    static List<AuditEvent> auditEvents(DeploymentLifecycleEvent event) {
        var deployment = event.deployment();
        String id = String.valueOf(deployment.id());
        if (event instanceof DeploymentQueued queued) {
            AuditEvent requested = deployment.rollbackOf() == null
                    ? AuditEvent.success("deployment.create", "deployment", id, Map.of(
                            "release", new Object[] {null, deployment.service() + " " + deployment.version()},
                            "environment", new Object[] {null, deployment.environment()}))
                    : AuditEvent.success("deployment.rollback", "deployment", id, Map.of(
                            "rollbackOf", new Object[] {null, deployment.rollbackOf()},
                            "release", new Object[] {null, deployment.service() + " " + deployment.version()}));
            return queued.overrideReason() == null ? List.of(requested) : List.of(requested,
                    AuditEvent.success("deployment.freeze-override", "deployment", id,
                            Map.of("overrideReason", new Object[] {null, queued.overrideReason()})));
        }
        if (event instanceof DeploymentCancelled) {
            return List.of(AuditEvent.success("deployment.cancel", "deployment", id));
        }
        if (event instanceof DeploymentStarted started) {
            return List.of(AuditEvent.success("deployment.applied", "deployment", id, Map.of(
                    "namespace", new Object[] {null, started.namespace()},
                    "cluster", new Object[] {null, started.cluster()})));
        }
        if (event instanceof DeploymentSucceeded) {
            return List.of(AuditEvent.success("deployment.succeeded", "deployment", id));
        }
        if (event instanceof DeploymentFailed failed) {
            return List.of(AuditEvent.failed("deployment.failed", "deployment", id, failed.reason()));
        }
        throw new IllegalArgumentException("no audit event for " + event);
    }
}
