package dev.slipway.notify;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What administrators see of a webhook's deliveries, and the early retry of one. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class WebhookDeliveries {

    static final int RECENT = 50;

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /** The endpoint's latest deliveries, newest first, each with its attempts. */
    @Transactional(readOnly = true)
    public List<DeliveryView> recent(long webhookId) {
        access.require(Permission.WEBHOOKS_MANAGE, null, "webhook.read", "webhook", String.valueOf(webhookId));
        var deliveries = jdbc.sql("select * from webhook_delivery where endpoint_id = ? order by id desc limit ?")
                .params(webhookId, RECENT).query((rs, i) -> read(rs)).list();
        if (deliveries.isEmpty()) {
            return List.of();
        }
        Map<Long, List<AttemptView>> attempts = new HashMap<>();
        jdbc.sql("select * from webhook_attempt where delivery_id in (:ids) order by id")
                .param("ids", deliveries.stream().map(DeliveryView::id).toList())
                .query(rs -> {
                    attempts.computeIfAbsent(rs.getLong("delivery_id"), k -> new ArrayList<>())
                            .add(new AttemptView(rs.getTimestamp("at").toInstant(), (Integer) rs.getObject("status_code"),
                                    rs.getString("error"), rs.getLong("duration_ms")));
                });
        return deliveries.stream().map(d -> new DeliveryView(d.id(), d.event(), d.state(), d.attempts(), d.lastStatus(),
                d.lastError(), d.createdAt(), d.nextAttemptAt(), d.deliveredAt(),
                attempts.getOrDefault(d.id(), List.of()))).toList();
    }

    /** Makes a pending or failed delivery due now; a failed one gets one more attempt. */
    public void retry(long webhookId, long deliveryId) {
        access.require(Permission.WEBHOOKS_MANAGE, null, DeliveryRetried.NAME, "webhook", String.valueOf(webhookId));
        DeliveryState state = jdbc.sql("select state from webhook_delivery where id = ? and endpoint_id = ? for update")
                .params(deliveryId, webhookId).query((rs, i) -> DeliveryState.valueOf(rs.getString(1))).optional()
                .orElseThrow(() -> new NotFoundException("delivery", String.valueOf(deliveryId)));
        if (state == DeliveryState.DELIVERED) {
            throw new ConflictException("Delivery " + deliveryId + " was delivered already: there is nothing to retry.");
        }
        jdbc.sql("update webhook_delivery set state = 'PENDING', next_attempt_at = ? where id = ?")
                .params(Timestamp.from(clock.instant()), deliveryId).update();
        events.publishEvent(new DeliveryRetried(webhookId, deliveryId, state));
    }

    private static DeliveryView read(ResultSet rs) throws SQLException {
        Timestamp delivered = rs.getTimestamp("delivered_at");
        return new DeliveryView(rs.getLong("id"), rs.getString("event"), DeliveryState.valueOf(rs.getString("state")),
                rs.getInt("attempts"), (Integer) rs.getObject("last_status"), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("next_attempt_at").toInstant(),
                delivered == null ? null : delivered.toInstant(), List.of());
    }
}
