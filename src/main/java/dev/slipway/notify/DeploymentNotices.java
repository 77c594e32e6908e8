package dev.slipway.notify;

import dev.slipway.deploy.DeploymentFacts;
import dev.slipway.deploy.DeploymentFailed;
import dev.slipway.deploy.DeploymentLifecycleEvent;
import dev.slipway.deploy.DeploymentQueued;
import dev.slipway.deploy.DeploymentStarted;
import dev.slipway.deploy.DeploymentSucceeded;
import dev.slipway.shared.Notice;
import dev.slipway.shared.NoticeType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells webhooks about production deployments (started, succeeded, failed) and broken freezes, in the
 * transaction of the change.
 */
@Component
class DeploymentNotices {

    private final WebhookOutbox outbox;

    DeploymentNotices(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(DeploymentLifecycleEvent event) {
        DeploymentFacts d = event.deployment();
        if (event instanceof DeploymentQueued queued && queued.overrideReason() != null) {
            var details = details(d);
            details.put("overrideReason", queued.overrideReason());
            outbox.on(new Notice(NoticeType.FREEZE_OVERRIDDEN, d.requestedBy() + " overrode the freeze of "
                    + d.environmentName() + " to deploy " + d.service() + " " + d.version() + ": "
                    + queued.overrideReason(), details));
        }
        if (!d.production()) {
            return;
        }
        if (event instanceof DeploymentStarted) {
            outbox.on(new Notice(NoticeType.DEPLOYMENT_STARTED, "Deploying " + d.service() + " " + d.version()
                    + " to " + d.environmentName() + " (deployment " + d.id() + ", requested by " + d.requestedBy()
                    + ")", details(d)));
        } else if (event instanceof DeploymentSucceeded) {
            outbox.on(new Notice(NoticeType.DEPLOYMENT_SUCCEEDED, d.service() + " " + d.version() + " is live in "
                    + d.environmentName() + " (deployment " + d.id() + ")", details(d)));
        } else if (event instanceof DeploymentFailed failed) {
            var details = details(d);
            details.put("failureReason", failed.reason());
            outbox.on(new Notice(NoticeType.DEPLOYMENT_FAILED, "Deploying " + d.service() + " " + d.version()
                    + " to " + d.environmentName() + " failed (deployment " + d.id() + "): " + failed.reason(),
                    details));
        }
    }

    private static Map<String, Object> details(DeploymentFacts d) {
        var details = new LinkedHashMap<String, Object>();
        details.put("deployment", d.id());
        details.put("service", d.service());
        details.put("team", d.team());
        details.put("environment", d.environment());
        details.put("version", d.version());
        details.put("requestedBy", d.requestedBy());
        return details;
    }
}
