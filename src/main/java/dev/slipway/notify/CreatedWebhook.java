package dev.slipway.notify;

/** A webhook just created; {@code generatedSecret} is set when Slipway chose the secret, for showing once. */
public record CreatedWebhook(WebhookView webhook, String generatedSecret) {
}
