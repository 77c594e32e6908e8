package dev.slipway.catalog;

/**
 * A service was removed from the catalog. Published in the deleting transaction: a module holding rows that refer to
 * the service removes them here, or throws to refuse the deletion.
 */
public record ServiceDeleted(long id, String slug) {

    /** The audit action and webhook event name. */
    public static final String NAME = "service.delete";
}
