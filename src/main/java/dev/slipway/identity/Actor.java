package dev.slipway.identity;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is acting in this request: a signed-in person, or a script holding an API token (of a person
 * or of a service account). Built afresh from the database on every request, so a changed role or a
 * disabled account takes effect at once.
 */
public record Actor(@Nullable Long userId, String username, String displayName, Kind kind, Set<Role> roles,
        Map<String, TeamRole> teams, @Nullable TokenGrant token) {

    public enum Kind { PERSON, SERVICE_ACCOUNT, SYSTEM }

    /** The rights a token adds its own limits with: scopes, an optional team, and its id for the record. */
    public record TokenGrant(long tokenId, Set<Scope> scopes, @Nullable String team, Instant expiresAt) {
    }

    static final Actor SYSTEM = new Actor(null, "slipway", "Slipway", Kind.SYSTEM, Set.of(Role.ADMIN), Map.of(), null);

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isMemberOf(String team) {
        return teams.containsKey(team);
    }

    public boolean isMaintainerOf(String team) {
        return teams.get(team) == TeamRole.MAINTAINER;
    }

    public boolean viaToken() {
        return token != null;
    }
}
