package dev.slipway.catalog;

/** A service was removed from the catalog. */
public record ServiceDeleted(String slug) {

    /** The audit action and webhook event name. */
    public static final String NAME = "service.delete";
}
