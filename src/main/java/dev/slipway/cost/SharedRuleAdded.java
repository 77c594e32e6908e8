package dev.slipway.cost;

/** A rule to share unallocated costs between teams was added. */
public record SharedRuleAdded(SharedRule rule) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-shared-rule.create";
}
