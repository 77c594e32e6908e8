package dev.slipway.access;

/** A grant was ended early; {@code grant} as it is after the revocation. */
public record GrantRevoked(GrantView grant) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-grant.revoke";
}
