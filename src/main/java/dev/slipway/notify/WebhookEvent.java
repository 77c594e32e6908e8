package dev.slipway.notify;

import dev.slipway.access.AccessRequestExpired;
import dev.slipway.access.AccessRequestRejected;
import dev.slipway.access.AccessRequested;
import dev.slipway.access.GrantCreated;
import dev.slipway.access.GrantExpired;
import dev.slipway.access.GrantRevoked;
import dev.slipway.cost.CostAlertRaised;
import dev.slipway.deploy.DeploymentFailed;
import dev.slipway.deploy.DeploymentStarted;
import dev.slipway.deploy.DeploymentSucceeded;
import dev.slipway.deploy.FreezeOverridden;
import java.util.Arrays;

/**
 * The events a webhook can subscribe to. Each is named by the event record of the module that publishes it, so a
 * delivery's {@code event} is the audit action of the same change.
 */
public enum WebhookEvent {
    ACCESS_REQUESTED(AccessRequested.NAME, "Production access requested"),
    ACCESS_DENIED(AccessRequestRejected.NAME, "Production access request denied"),
    ACCESS_REQUEST_EXPIRED(AccessRequestExpired.NAME, "Production access request expired undecided"),
    ACCESS_GRANTED(GrantCreated.NAME, "Production access granted (a request approved, or directly)"),
    ACCESS_REVOKED(GrantRevoked.NAME, "Production access revoked"),
    ACCESS_EXPIRED(GrantExpired.NAME, "Production access expired"),
    FREEZE_OVERRIDDEN(FreezeOverridden.NAME, "Freeze overridden (break glass)"),
    DEPLOYMENT_STARTED(DeploymentStarted.NAME, "Production deployment started"),
    DEPLOYMENT_SUCCEEDED(DeploymentSucceeded.NAME, "Production deployment succeeded"),
    DEPLOYMENT_FAILED(DeploymentFailed.NAME, "Production deployment failed"),
    COST_BUDGET(CostAlertRaised.BUDGET, "Cost budget threshold crossed"),
    COST_ANOMALY(CostAlertRaised.ANOMALY, "Cost anomaly");

    private final String id;
    private final String label;

    WebhookEvent(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name in payloads and subscriptions, e.g. {@code access-request.create}. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static WebhookEvent of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("is not an event; the events are "
                        + String.join(", ", Arrays.stream(values()).map(WebhookEvent::id).toList())));
    }
}
