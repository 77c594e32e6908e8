package dev.slipway.identity;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request for a new token: a name, its scopes, optionally one team to restrict it to and an
 * expiry (default 90 days). {@code serviceAccount} names the service account to mint it for
 * (administrators only); left out, the token is the caller's own.
 */
public record TokenRequest(@Nullable String name, Set<Scope> scopes, @Nullable String team, Instant expiresAt, @Nullable String serviceAccount) {
}
