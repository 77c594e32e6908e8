package dev.slipway.identity;

/** An administrator changed a person's profile or roles. */
public record UserUpdated(UserView before, UserView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "user.update";
}
