package dev.slipway.access;

/** A change to a request or grant (named by {@code action}) could not be made in its current state, for {@code reason}. */
public record AccessChangeFailed(String action, String targetType, String targetId, String reason) {
}
