package dev.slipway.notify;

import org.jspecify.annotations.Nullable;

/** A webhook just created; {@code generatedSecret} is set when Slipway chose the secret, for showing once. */
public record CreatedWebhook(WebhookView webhook, @Nullable String generatedSecret) {
}
