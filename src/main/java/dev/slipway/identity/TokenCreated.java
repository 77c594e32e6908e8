package dev.slipway.identity;

/** An API token was created (its secret is never in an event). */
public record TokenCreated(TokenView token) {

    /** The audit action and webhook event name. */
    public static final String NAME = "token.create";
}
