package dev.slipway.identity;

import java.io.Serializable;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * What a portal session remembers about who signed in: the user's id and the session epoch at
 * sign-in. Everything else is read afresh on each request. Its name is the username, which the
 * session store indexes the session by.
 */
record SignedInUser(long userId, String username, int sessionEpoch) implements Serializable, AuthenticatedPrincipal {

    @Override
    public String getName() {
        return username;
    }
}
