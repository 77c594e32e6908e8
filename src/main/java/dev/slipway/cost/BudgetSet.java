package dev.slipway.cost;

/** A budget was created or changed: its thresholds are checked as soon as the change is committed. */
record BudgetSet(long budgetId) {
}
