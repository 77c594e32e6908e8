package dev.slipway.notify;

/** A webhook's name, URL, events or secret changed. */
public record WebhookUpdated(WebhookView before, WebhookView after, boolean secretReplaced) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.update";
}
