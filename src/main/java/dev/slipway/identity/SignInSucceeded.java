package dev.slipway.identity;

/** A person signed in with their password. Published as an application event for the audit trail. */
public record SignInSucceeded(long userId, String username) {

    /** The audit action. */
    public static final String NAME = "login.succeeded";
}
