package dev.slipway.identity;

/** An account was disabled: its sessions end and its tokens stop. */
public record UserDisabled(String username) {

    /** The audit action and webhook event name. */
    public static final String NAME = "user.disable";
}
