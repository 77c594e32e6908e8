package dev.slipway.identity;

/** An account was enabled again. */
public record UserEnabled(String username) {

    /** The audit action and webhook event name. */
    public static final String NAME = "user.enable";
}
