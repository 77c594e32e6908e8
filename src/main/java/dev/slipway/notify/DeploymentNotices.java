package dev.slipway.notify;

import dev.slipway.deploy.DeploymentFacts;
import dev.slipway.deploy.DeploymentFailed;
import dev.slipway.deploy.DeploymentStarted;
import dev.slipway.deploy.DeploymentSucceeded;
import dev.slipway.deploy.FreezeOverridden;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells webhooks about production deployments (started, succeeded, failed) and broken freezes, in the
 * transaction of the change.
 */
@Component
@RequiredArgsConstructor
class DeploymentNotices {

    private final WebhookOutbox outbox;

    @EventListener
    void on(FreezeOverridden overridden) {
        DeploymentFacts d = overridden.deployment();
        var details = details(d);
        details.put("overrideReason", overridden.reason());
        outbox.queue(new Notification(WebhookEvent.FREEZE_OVERRIDDEN, d.requestedBy() + " overrode the freeze of "
                + d.environmentName() + " to deploy " + d.service() + " " + d.version() + ": " + overridden.reason(),
                details));
    }

    @EventListener
    void on(DeploymentStarted started) {
        DeploymentFacts d = started.deployment();
        if (d.production()) {
            outbox.queue(new Notification(WebhookEvent.DEPLOYMENT_STARTED, "Deploying " + d.service() + " "
                    + d.version() + " to " + d.environmentName() + " (deployment " + d.id() + ", requested by "
                    + d.requestedBy() + ")", details(d)));
        }
    }

    @EventListener
    void on(DeploymentSucceeded succeeded) {
        DeploymentFacts d = succeeded.deployment();
        if (d.production()) {
            outbox.queue(new Notification(WebhookEvent.DEPLOYMENT_SUCCEEDED, d.service() + " " + d.version()
                    + " is live in " + d.environmentName() + " (deployment " + d.id() + ")", details(d)));
        }
    }

    @EventListener
    void on(DeploymentFailed failed) {
        DeploymentFacts d = failed.deployment();
        if (d.production()) {
            var details = details(d);
            details.put("failureReason", failed.reason());
            outbox.queue(new Notification(WebhookEvent.DEPLOYMENT_FAILED, "Deploying " + d.service() + " "
                    + d.version() + " to " + d.environmentName() + " failed (deployment " + d.id() + "): "
                    + failed.reason(), details));
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
