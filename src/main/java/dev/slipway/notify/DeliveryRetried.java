package dev.slipway.notify;

/** A pending or failed delivery was made due now. */
public record DeliveryRetried(long webhookId, long deliveryId, DeliveryState was) {

    /** The audit action and webhook event name. */
    public static final String NAME = "webhook.retry";
}
