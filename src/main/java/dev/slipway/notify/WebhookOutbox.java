package dev.slipway.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes webhook deliveries into the outbox table. The listeners that turn the modules' events into
 * {@link Notification}s run synchronously, in the transaction of the change that published the event:
 * when that change is rolled back, so are its deliveries, and a committed change always has them. The
 * body is fixed here, so every retry sends the same bytes.
 */
@Component
@RequiredArgsConstructor
class WebhookOutbox {

    static final String TEST_EVENT = WebhookTested.NAME;

    private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    void queue(Notification notice) {
        String event = notice.event().id();
        boolean subscribed = jdbc.sql("select exists (select 1 from webhook_endpoint where enabled and ? = any (events))")
                .param(event).query(Boolean.class).single();
        if (!subscribed) {
            return;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                insert into webhook_delivery (endpoint_id, event, payload, state, next_attempt_at, created_at)
                select id, ?, ?, 'PENDING', ?, ? from webhook_endpoint where enabled and ? = any (events)""")
                .params(event, payload(event, notice.text(), notice.details(), now), Timestamp.from(now),
                        Timestamp.from(now), event)
                .update();
    }

    /** Queues a test notification for one endpoint, whatever it subscribes to. */
    long queueTest(long endpointId, String endpointName) {
        Instant now = clock.instant();
        String payload = payload(TEST_EVENT, "Slipway test notification for the webhook '" + endpointName + "'",
                Map.of("webhook", endpointName), now);
        return jdbc.sql("""
                insert into webhook_delivery (endpoint_id, event, payload, state, next_attempt_at, created_at)
                values (?, ?, ?, 'PENDING', ?, ?) returning id""")
                .params(endpointId, TEST_EVENT, payload, Timestamp.from(now), Timestamp.from(now))
                .query(Long.class).single();
    }

    private String payload(String event, String text, Map<String, Object> details, Instant occurredAt) {
        var body = new LinkedHashMap<String, Object>();
        body.put("id", UUID.randomUUID().toString());
        body.put("event", event);
        body.put("occurredAt", occurredAt.toString());
        body.put("text", text);
        body.put("details", details == null ? Map.of() : details);
        try {
            return json.writeValueAsString(body);
        } catch (JacksonException e) {
            // A notice must not undo the change it reports: send it without the details that cannot be written.
            log.warn("The details of a {} notice cannot be written as JSON; sending it without them", event, e);
            body.put("details", Map.of());
            return json.writeValueAsString(body);
        }
    }
}
