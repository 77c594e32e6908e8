package dev.slipway.catalog;

/** An environment was created. */
public record EnvironmentCreated(EnvironmentView environment) {

    /** The audit action and webhook event name. */
    public static final String NAME = "environment.create";
}
