package dev.slipway.cost;

/** A tag value was mapped to a team, project, service or environment. */
public record TagAliasAdded(TagAlias alias) {

    /** The audit action and webhook event name. */
    public static final String NAME = "cost-alias.create";
}
