package dev.slipway.notify;

/** A webhook was disabled: it gets no new deliveries. */
public record WebhookDisabled(WebhookView before, WebhookView after) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.disable";
}
