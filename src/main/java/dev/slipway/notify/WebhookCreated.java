package dev.slipway.notify;

/** An administrator added a webhook. */
public record WebhookCreated(WebhookView webhook) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.create";
}
