package dev.slipway.notify;

/** A webhook was enabled: it gets new deliveries again. */
public record WebhookEnabled(WebhookView before, WebhookView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.enable";
}
