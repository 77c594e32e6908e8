package dev.slipway.catalog;

/** A team was created. */
public record TeamCreated(TeamView team) {

    /** The audit action and webhook event name. */
    public static final String NAME = "team.create";
}
