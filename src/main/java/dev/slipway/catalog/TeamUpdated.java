package dev.slipway.catalog;

/** A team's name, description or contact changed. */
public record TeamUpdated(TeamView before, TeamView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "team.update";
}
