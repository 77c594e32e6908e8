package dev.slipway.notify;

/** A webhook was deleted with its deliveries. */
public record WebhookDeleted(WebhookView webhook) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.delete";
}
