package dev.slipway.notify;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One delivery of a payload to an endpoint, with its attempts, oldest first. */
public record DeliveryView(long id, String event, DeliveryState state, int attempts, Integer lastStatus,
        String lastError, Instant createdAt, Instant nextAttemptAt, @Nullable Instant deliveredAt, List<AttemptView> history) {

    public boolean retryable() {
        return state != DeliveryState.DELIVERED;
    }
}
