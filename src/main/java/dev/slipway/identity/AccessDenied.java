package dev.slipway.identity;

import org.jspecify.annotations.Nullable;

/**
 * The current actor was refused {@code action} on the target, for {@code reason}: by the {@link AccessPolicy}, or by
 * a rule of the module that asked ({@link AccessPolicy#denied}). The action is named as its success would be, so one
 * name finds both. Recorded in a transaction of its own, since the refused request's work is rolled back.
 */
public record AccessDenied(String action, @Nullable String targetType, @Nullable String targetId, @Nullable String reason) {
}
