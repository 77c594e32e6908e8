package dev.slipway.identity;

/** A member of a team. */
public record MemberView(String username, String displayName, Actor.Kind kind, TeamRole teamRole) {
}
