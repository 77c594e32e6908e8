package dev.slipway.notify;

/** A test notification was queued for a webhook. */
public record WebhookTested(long webhookId, long deliveryId) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.test";
}
