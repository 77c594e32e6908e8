package dev.slipway.catalog;

/** An environment was deleted. */
public record EnvironmentDeleted(String slug) {

    /** The audit action and webhook event name. */
    public static final String NAME = "environment.delete";
}
