package dev.slipway.access;

import org.jspecify.annotations.Nullable;

/** Narrows the list of grants; each part may be null. {@code subject} is a username or a team slug. */
public record GrantFilter(@Nullable String subject, @Nullable String service, @Nullable String environment, GrantView.@Nullable Status status) {
}
