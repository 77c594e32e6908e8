package dev.slipway.identity;

/** An API token was revoked by its owner or an administrator. */
public record TokenRevoked(long tokenId) {

    /** The audit action and webhook event name. */
    public static final String NAME = "token.revoke";
}
