package dev.slipway.identity;

/** Someone was added to a team, or their role in it changed. */
public record MembershipSet(String team, String username, TeamRole role) {

    /** The audit action and webhook event name. */
    public static final String NAME = "team.member-put";
}
