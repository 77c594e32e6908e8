package dev.slipway.identity;

import org.jspecify.annotations.Nullable;

/** A member of a team. */
public record MemberView(String username, String displayName, Actor.@Nullable Kind kind, TeamRole teamRole) {
}
