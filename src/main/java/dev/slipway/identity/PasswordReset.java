package dev.slipway.identity;

/** An administrator set a user's password. */
public record PasswordReset(String username) {

    /** The audit action and webhook event name. */
    public static final String NAME = "user.password-reset";
}
