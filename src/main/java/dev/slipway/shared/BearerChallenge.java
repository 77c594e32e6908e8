package dev.slipway.shared;

import java.util.Optional;

/**
 * The {@code WWW-Authenticate} challenges of the API (RFC 6750 section 3), written in one place for the
 * security filters and the exception handler alike.
 */
public final class BearerChallenge {

    public static final String REALM = "Bearer realm=\"slipway\"";

    private BearerChallenge() {
    }

    /** A 401 for a token that was presented but refused. */
    public static String invalidToken(String description) {
        return REALM + ", error=\"invalid_token\", error_description=\"" + quoted(description) + "\"";
    }

    /**
     * The challenge of a 403: {@code insufficient_scope} with the scope needed when a scope is what the
     * token lacks, none otherwise (a role, team or grant refusal is not cured by another token's scopes).
     */
    public static Optional<String> forRefusal(Throwable refusal) {
        if (refusal instanceof InsufficientScope insufficient && insufficient.requiredScope() != null) {
            return Optional.of(REALM + ", error=\"insufficient_scope\", scope=\"" + quoted(insufficient.requiredScope())
                    + "\"");
        }
        return Optional.empty();
    }

    // RFC 6750 allows neither '"' nor '\' in these values.
    private static String quoted(String value) {
        return value.replace("\\", "").replace("\"", "'");
    }
}
