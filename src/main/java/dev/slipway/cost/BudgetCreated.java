package dev.slipway.cost;

/** A monthly budget was set for a team or project. */
public record BudgetCreated(BudgetView budget) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-budget.create";
}
