package dev.slipway.cost;

/** A tag alias was removed. */
public record TagAliasRemoved(TagAlias alias) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-alias.delete";
}
