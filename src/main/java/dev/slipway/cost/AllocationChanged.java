package dev.slipway.cost;

/** Published inside the transaction that changed an allocation rule; the rollups follow after commit. */
record AllocationChanged(String reason) {
}
