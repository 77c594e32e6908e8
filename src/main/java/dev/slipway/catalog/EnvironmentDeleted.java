package dev.slipway.catalog;

/**
 * An environment was deleted. Published in the deleting transaction: a module holding rows that refer to the
 * environment removes them here, or throws to refuse the deletion.
 */
public record EnvironmentDeleted(long id, String slug) {

    /** The audit action and webhook event name. */
    public static final String NAME = "environment.delete";
}
