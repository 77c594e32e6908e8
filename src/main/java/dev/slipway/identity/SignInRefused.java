package dev.slipway.identity;

/**
 * A refused sign-in or token use; {@code action} is login.failed, login.throttled or token.invalid.
 * Published as an application event for the audit trail.
 */
public record SignInRefused(String action, String username, String address, String reason) {
}
