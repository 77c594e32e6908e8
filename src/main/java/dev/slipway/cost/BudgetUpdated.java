package dev.slipway.cost;

/** A budget's amount or thresholds changed. */
public record BudgetUpdated(BudgetView before, BudgetView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-budget.update";
}
