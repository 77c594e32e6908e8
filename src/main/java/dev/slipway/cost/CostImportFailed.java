package dev.slipway.cost;

import org.jspecify.annotations.Nullable;

/** A cost import was refused or stopped; nothing of it was kept ({@link CostImported#NAME}, failed). */
public record CostImportFailed(long importId, @Nullable String reason) {
}
