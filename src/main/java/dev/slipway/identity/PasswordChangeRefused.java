package dev.slipway.identity;

/** A person's attempt to change their own password failed, e.g. the current password was wrong ({@link PasswordChanged#NAME}, failed). */
public record PasswordChangeRefused(String username, String reason) {
}
