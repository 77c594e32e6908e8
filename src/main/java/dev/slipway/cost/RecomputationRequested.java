package dev.slipway.cost;

/** Someone started a recomputation of all cost rollups. */
public record RecomputationRequested(long recomputationId) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-allocation.recompute";
}
