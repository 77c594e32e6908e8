package dev.slipway.notify;

import java.util.Map;

/**
 * One webhook notification, as the outbox writes it for every endpoint subscribed to its event.
 *
 * @param text one line a person reads, e.g. in a chat channel
 * @param details the facts of the event, by name (service, environment, grant id, ...)
 */
record Notification(WebhookEvent event, String text, Map<String, Object> details) {
}
