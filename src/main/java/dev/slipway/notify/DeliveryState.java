package dev.slipway.notify;

/** Where a webhook delivery stands: waiting (or being retried), delivered, or given up. */
public enum DeliveryState {
    PENDING, DELIVERED, FAILED
}
