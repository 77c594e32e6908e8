package dev.slipway.identity;

import java.io.Serializable;

/**
 * What a portal session remembers about who signed in: the user's id and the session epoch at
 * sign-in. Everything else is read afresh on each request.
 */
record SignedInUser(long userId, String username, int sessionEpoch) implements Serializable {
}
