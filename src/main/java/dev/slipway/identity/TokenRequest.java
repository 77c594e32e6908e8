package dev.slipway.identity;

import java.time.Instant;
import java.util.Set;

/**
 * A request for a new token: a name, its scopes, optionally one team to restrict it to and an
 * expiry (default 90 days). {@code serviceAccount} names the service account to mint it for
 * (administrators only); left out, the token is the caller's own.
 */
public record TokenRequest(String name, Set<Scope> scopes, String team, Instant expiresAt, String serviceAccount) {
}
