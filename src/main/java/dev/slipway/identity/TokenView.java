package dev.slipway.identity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A token as it is listed: never with its secret, only the first characters to recognise it by. */
public record TokenView(long id, String name, String owner, String hint, Set<Scope> scopes,
        @Nullable String team, Instant expiresAt, Instant createdAt, @Nullable Instant lastUsedAt,
        @Nullable String lastUsedAddress, @Nullable Instant revokedAt)
        implements Serializable {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
