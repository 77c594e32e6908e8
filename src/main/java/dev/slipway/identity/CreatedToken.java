package dev.slipway.identity;

import java.io.Serializable;

/**
 * A new token with its secret, which is shown this once and never again (the portal carries it across one redirect
 * in the session, hence serializable).
 */
public record CreatedToken(String token, TokenView details) implements Serializable {
}
