package dev.slipway.identity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/** A token as it is listed: never with its secret, only the first characters to recognise it by. */
public record TokenView(long id, String name, String owner, String hint, Set<Scope> scopes, String team,
        Instant expiresAt, Instant createdAt, Instant lastUsedAt, String lastUsedAddress, Instant revokedAt)
        implements Serializable {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
