package dev.slipway.cost;

/** A budget was removed. */
public record BudgetDeleted(BudgetView budget) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-budget.delete";
}
