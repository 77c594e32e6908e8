package dev.slipway.identity;

import org.jspecify.annotations.Nullable;

/**
 * A refused sign-in or token use; {@code action} is login.failed, login.throttled or token.invalid.
 * Published as an application event for the audit trail.
 */
public record SignInRefused(String action, @Nullable String username, String address, String reason) {
}
