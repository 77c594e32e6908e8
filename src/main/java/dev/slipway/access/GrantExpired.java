package dev.slipway.access;

/** A grant ran out. */
public record GrantExpired(GrantView grant) {

    /** The audit action and webhook event name. */
    public static final String NAME = "access-grant.expire";
}
