package dev.slipway.catalog;

/** A service was added to the catalog. */
public record ServiceCreated(ServiceView service) {

    /** The audit action and webhook event name. */
    public static final String NAME = "service.create";
}
