package dev.slipway.identity;

/** Someone was removed from a team. */
public record MembershipRemoved(String team, String username) {

    /** The audit action and webhook event name. */
    public static final String NAME = "team.member-remove";
}
