package dev.slipway.shared;

import java.util.Arrays;

/** The kinds of {@link Notice} a webhook can subscribe to. */
public enum NoticeType {
    ACCESS_REQUESTED("access.requested", "Production access requested"),
    ACCESS_APPROVED("access.approved", "Production access approved"),
    ACCESS_DENIED("access.denied", "Production access denied"),
    ACCESS_EXPIRED("access.expired", "Production access expired"),
    ACCESS_REVOKED("access.revoked", "Production access revoked"),
    FREEZE_OVERRIDDEN("freeze.overridden", "Freeze overridden (break glass)"),
    DEPLOYMENT_STARTED("deployment.started", "Production deployment started"),
    DEPLOYMENT_SUCCEEDED("deployment.succeeded", "Production deployment succeeded"),
    DEPLOYMENT_FAILED("deployment.failed", "Production deployment failed"),
    COST_BUDGET("cost.budget", "Cost budget threshold crossed"),
    COST_ANOMALY("cost.anomaly", "Cost anomaly");

    private final String id;
    private final String label;

    NoticeType(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name in payloads and subscriptions, e.g. {@code access.requested}. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static NoticeType of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("is not an event; the events are "
                        + String.join(", ", Arrays.stream(values()).map(NoticeType::id).toList())));
    }
}
