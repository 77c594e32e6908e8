package dev.slipway.access;

/** Narrows the list of grants; each part may be null. {@code subject} is a username or a team slug. */
public record GrantFilter(String subject, String service, String environment, GrantView.Status status) {
}
