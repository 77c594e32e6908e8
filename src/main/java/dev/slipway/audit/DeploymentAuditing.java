package dev.slipway.audit;

import dev.slipway.deploy.DeploySettingsChanged;
import dev.slipway.deploy.DeploymentCancelled;
import dev.slipway.deploy.DeploymentFailed;
import dev.slipway.deploy.DeploymentLifecycleEvent;
import dev.slipway.deploy.DeploymentQueued;
import dev.slipway.deploy.DeploymentRequestFailed;
import dev.slipway.deploy.DeploymentStarted;
import dev.slipway.deploy.DeploymentSucceeded;
import dev.slipway.deploy.DriftDetected;
import dev.slipway.deploy.DriftResolved;
import dev.slipway.deploy.FreezeCreated;
import dev.slipway.deploy.FreezeDeleted;
import dev.slipway.deploy.FreezeOverridden;
import dev.slipway.deploy.ReleaseRegistered;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Turns the deploy module's events into audit entries, in the transaction of the change. */
@Component
@RequiredArgsConstructor
class DeploymentAuditing {

    private final AuditRecorder recorder;

    @EventListener
    void on(DeploymentLifecycleEvent event) {
        recorder.withTheChange(entry(event));
    }

    static AuditEntry entry(DeploymentLifecycleEvent event) {
        var deployment = event.deployment();
        String id = String.valueOf(deployment.id());
        String release = deployment.service() + " " + deployment.version();
        if (event instanceof DeploymentQueued queued) {
            return AuditEntry.success(queued.name(), "deployment", id, deployment.rollbackOf() == null
                    ? Map.of("release", new Object[] {null, release},
                            "environment", new Object[] {null, deployment.environment()})
                    : Map.of("rollbackOf", new Object[] {null, deployment.rollbackOf()},
                            "release", new Object[] {null, release}));
        }
        if (event instanceof DeploymentCancelled) {
            return AuditEntry.success(DeploymentCancelled.NAME, "deployment", id);
        }
        if (event instanceof DeploymentStarted started) {
            return AuditEntry.success(DeploymentStarted.NAME, "deployment", id, Map.of(
                    "namespace", new Object[] {null, started.namespace()},
                    "cluster", new Object[] {null, started.cluster()}));
        }
        if (event instanceof DeploymentSucceeded) {
            return AuditEntry.success(DeploymentSucceeded.NAME, "deployment", id);
        }
        if (event instanceof DeploymentFailed failed) {
            return AuditEntry.failed(DeploymentFailed.NAME, "deployment", id, failed.reason());
        }
        throw new IllegalArgumentException("no audit entry for " + event);
    }

    @EventListener
    void on(FreezeOverridden overridden) {
        recorder.withTheChange(AuditEntry.success(FreezeOverridden.NAME, "deployment",
                String.valueOf(overridden.deployment().id()),
                Map.of("overrideReason", new Object[] {null, overridden.reason()})));
    }

    @EventListener
    void on(DeploymentRequestFailed failed) {
        recorder.failed(failed.action(), "deployment", String.valueOf(failed.deploymentId()), failed.reason());
    }

    @EventListener
    void on(ReleaseRegistered registered) {
        var release = registered.release();
        recorder.success(ReleaseRegistered.NAME, "release", release.service() + "@" + release.version(),
                Changes.created(release));
    }

    @EventListener
    void on(FreezeCreated created) {
        var freeze = created.freeze();
        recorder.success(FreezeCreated.NAME, "environment", created.environment(),
                Map.of("freeze", new Object[] {null, freeze.describe() + ": " + freeze.reason()}));
    }

    @EventListener
    void on(FreezeDeleted deleted) {
        recorder.success(FreezeDeleted.NAME, "environment", deleted.environment());
    }

    @EventListener
    void on(DeploySettingsChanged changed) {
        recorder.success(DeploySettingsChanged.NAME, "service", changed.service() + "/" + changed.environment(),
                Changes.between(changed.before(), changed.after()));
    }

    @EventListener
    void on(DriftDetected drift) {
        recorder.failed(DriftDetected.NAME, "service", drift.service() + "/" + drift.environment(), "expected "
                + drift.expectedImage() + ", running " + (drift.liveImage() == null ? "nothing" : drift.liveImage()));
    }

    @EventListener
    void on(DriftResolved resolved) {
        recorder.success(DriftResolved.NAME, "service", resolved.service() + "/" + resolved.environment());
    }
}
