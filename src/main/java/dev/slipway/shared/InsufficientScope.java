package dev.slipway.shared;

import org.jspecify.annotations.Nullable;

/**
 * An access refusal that names the token scope it lacked. Only such a refusal is answered with
 * RFC 6750's {@code insufficient_scope}: a refusal for a missing role, team membership, team
 * restriction or production grant is not one, since no scope would have changed it.
 */
public interface InsufficientScope {

    /** The scope the caller's token would need, e.g. {@code catalog:read}; null when a scope is not what is missing. */
    @Nullable String requiredScope();
}
