package dev.slipway.catalog;

/** A service's entry changed (possibly its owning team). */
public record ServiceUpdated(ServiceView before, ServiceView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "service.update";
}
