package dev.slipway.catalog;

/** A team was deleted (it owned no services). */
public record TeamDeleted(String slug) {

    /** The audit action and webhook event name. */
    public static final String NAME = "team.delete";
}
