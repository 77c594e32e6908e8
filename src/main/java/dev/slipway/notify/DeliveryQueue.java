package dev.slipway.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook outbox as a queue: dispatchers claim due deliveries with {@code FOR UPDATE SKIP
 * LOCKED} and a lease, so several dispatchers (and Slipway replicas) never send one at the same time,
 * and a delivery whose dispatcher stopped mid-send is due again once the lease has run out.
 */
@Component
@RequiredArgsConstructor
class DeliveryQueue {

    /** A delivery claimed for sending, with what sending it takes. */
    record Due(long id, String event, String payload, int attempts, String url, String secret) {
    }

    /**
     * What one attempt got: an HTTP status, or an error when no response came. A {@code refused} attempt
     * was not sent (the destination is not allowed) and ends the delivery: trying again on a schedule
     * would only probe the same address; an admin can retry once the endpoint is fixed.
     */
    record Outcome(Instant at, @Nullable Integer status, @Nullable String error, long durationMs, boolean refused) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final NotifyProperties properties;
    private final Clock clock;
    private final WebhookMetrics metrics;

    /** Claims up to {@code limit} deliveries due now to enabled endpoints, leasing them for {@code lease}. */
    List<Due> claim(int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbc.sql("""
                with due as (
                    select d.id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
                    where d.state = 'PENDING' and d.next_attempt_at <= :now
                      and (d.lease_until is null or d.lease_until < :now) and e.enabled
                    order by d.next_attempt_at, d.id
                    limit :limit
                    for update of d skip locked)
                update webhook_delivery d set lease_until = :until
                from due, webhook_endpoint e
                where d.id = due.id and e.id = d.endpoint_id
                returning d.id, d.event, d.payload, d.attempts, e.url, e.secret""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .param("until", Timestamp.from(now.plus(lease)))
                .query(Due.class)
                .list();
    }

    /**
     * Records an attempt: a 2xx delivers; anything else waits for the next attempt, or fails the
     * delivery once it has had its attempts. A delivery deleted (or settled) meanwhile is left alone.
     */
    void record(Due delivery, Outcome outcome) {
        transaction.executeWithoutResult(status -> {
            int updated;
            if (outcome.delivered()) {
                updated = jdbc.sql("""
                        update webhook_delivery set state = 'DELIVERED', attempts = attempts + 1, last_status = ?,
                            last_error = null, lease_until = null, delivered_at = ?
                        where id = ? and state = 'PENDING'""")
                        .params(outcome.status(), Timestamp.from(clock.instant()), delivery.id()).update();
            } else {
                Instant next = clock.instant().plus(properties.backoffAfter(delivery.attempts() + 1));
                updated = jdbc.sql("""
                        update webhook_delivery set attempts = attempts + 1, last_status = ?, last_error = ?,
                            lease_until = null, next_attempt_at = ?,
                            state = case when attempts + 1 >= ? or ? then 'FAILED' else 'PENDING' end
                        where id = ? and state = 'PENDING'""")
                        .params(outcome.status(), truncate(outcome.error()), Timestamp.from(next),
                                properties.maxAttempts(), outcome.refused(), delivery.id())
                        .update();
            }
            if (updated == 1) {
                jdbc.sql("""
                        insert into webhook_attempt (delivery_id, at, status_code, error, duration_ms)
                        values (?, ?, ?, ?, ?)""")
                        .params(delivery.id(), Timestamp.from(outcome.at()), outcome.status(),
                                truncate(outcome.error()), outcome.durationMs())
                        .update();
                metrics.attempted(outcome, delivery.attempts() + 1 >= properties.maxAttempts());
            }
        });
    }

    private static @Nullable String truncate(@Nullable String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }
}
