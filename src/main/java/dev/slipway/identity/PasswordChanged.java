package dev.slipway.identity;

/** A person changed their own password. */
public record PasswordChanged(String username) {

    /** The audit action and webhook event name. */
    public static final String NAME = "user.password-change";
}
