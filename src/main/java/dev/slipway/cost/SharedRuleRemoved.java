package dev.slipway.cost;

/** A shared-cost rule was removed. */
public record SharedRuleRemoved(SharedRule rule) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-shared-rule.delete";
}
