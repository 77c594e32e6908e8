package dev.slipway.cost;

/** Someone had budgets and anomalies checked at once; {@code raised} new alerts. */
public record CostAlertsChecked(int raised) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-alert.check";
}
