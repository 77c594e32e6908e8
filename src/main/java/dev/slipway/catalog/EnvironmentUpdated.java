package dev.slipway.catalog;

/** An environment's settings changed. */
public record EnvironmentUpdated(EnvironmentView before, EnvironmentView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "environment.update";
}
