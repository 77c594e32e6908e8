package dev.slipway.identity;

/** An administrator created a person's account. */
public record UserCreated(UserView user) {

    /** The audit action and webhook event name. */
    public static final String NAME = "user.create";
}
