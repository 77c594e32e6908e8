package dev.slipway.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts production access requests ({@code slipway.access.requests}) and grants ({@code slipway.access.grants}) by
 * what happened to them, once the change is committed.
 */
@Component
class AccessMetrics {

    static final String REQUESTS = "slipway.access.requests";
    static final String GRANTS = "slipway.access.grants";

    private final MeterRegistry meters;

    AccessMetrics(MeterRegistry meters) {
        this.meters = meters;
        // Every series from the start, at zero, so rates and alerts see them before the first request.
        List.of("requested", "approved", "rejected", "expired", "withdrawn").forEach(outcome -> counter(REQUESTS, outcome));
        List.of("created", "revoked", "expired").forEach(outcome -> counter(GRANTS, outcome));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessRequested event) {
        count(REQUESTS, "requested");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessRequestApproved event) {
        count(REQUESTS, "approved");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessRequestRejected event) {
        count(REQUESTS, "rejected");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessRequestExpired event) {
        count(REQUESTS, "expired");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AccessRequestWithdrawn event) {
        count(REQUESTS, "withdrawn");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(GrantCreated event) {
        count(GRANTS, "created");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(GrantRevoked event) {
        count(GRANTS, "revoked");
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(GrantExpired event) {
        count(GRANTS, "expired");
    }

    private void count(String name, String outcome) {
        counter(name, outcome).increment();
    }

    private Counter counter(String name, String outcome) {
        return Counter.builder(name).tag("outcome", outcome).register(meters);
    }
}
