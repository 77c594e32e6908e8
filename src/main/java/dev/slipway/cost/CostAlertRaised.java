package dev.slipway.cost;

/** A budget threshold was crossed or a cost anomaly found; each alert once. */
public record CostAlertRaised(CostAlertView alert) {

    /** The name of a budget alert (actual or forecast). */
    public static final String BUDGET = "cost-alert.budget";

    /** The name of an anomaly alert. */
    public static final String ANOMALY = "cost-alert.anomaly";

    /** The audit action and webhook event name of this alert. */
    public String name() {
        return alert.kind().startsWith("BUDGET") ? BUDGET : ANOMALY;
    }
}
