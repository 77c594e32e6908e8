package dev.slipway.identity;

/** A service account was created (and made a member of its team). */
public record ServiceAccountCreated(UserView account) {

    /** The audit action and webhook event name. */
    public static final String NAME = "service-account.create";
}
