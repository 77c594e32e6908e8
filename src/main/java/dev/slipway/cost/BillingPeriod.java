package dev.slipway.cost;

import java.time.Instant;

/** One billing account's billing period: what an import replaces as a whole. */
public record BillingPeriod(String billingAccountId, Instant start, Instant end) {
}
