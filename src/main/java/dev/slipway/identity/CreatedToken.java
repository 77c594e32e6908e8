package dev.slipway.identity;

/** A new token with its secret, which is shown this once and never again. */
public record CreatedToken(String token, TokenView details) {
}
