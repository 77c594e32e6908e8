package dev.slipway.cost;

/** The tag keys that allocate costs to teams, projects, services and environments changed. */
public record AllocationKeysChanged(AllocationKeys before, AllocationKeys after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-allocation.update";
}
