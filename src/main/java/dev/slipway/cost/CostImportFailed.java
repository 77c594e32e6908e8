package dev.slipway.cost;

/** A cost import was refused or stopped; nothing of it was kept ({@link CostImported#NAME}, failed). */
public record CostImportFailed(long importId, String reason) {
}
