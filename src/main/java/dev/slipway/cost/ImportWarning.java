package dev.slipway.cost;

/** A deviation the import tolerated: how often it occurred and where first. */
public record ImportWarning(String message, long count, long firstLine) {
}
