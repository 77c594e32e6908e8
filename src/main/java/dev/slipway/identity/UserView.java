package dev.slipway.identity;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A user or service account as the portal and the API show it; never carries secrets. */
public record UserView(Long id, String username, String displayName, @Nullable String email, Actor.Kind kind,
        String ownerTeam, boolean enabled, Set<Role> roles, boolean hasPassword, boolean singleSignOn,
        Instant createdAt) {
}
