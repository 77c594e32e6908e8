package dev.slipway.shared;

import java.util.Map;

/**
 * Something that happened which people outside Slipway want to hear of (outgoing webhooks),
 * published as an application event by the module where it happened, inside the transaction of the
 * change, so the notify module writes its outbox rows in that same transaction.
 *
 * @param text one line a person reads, e.g. in a chat channel
 * @param details the facts of the event, by name (service, environment, grant id, ...)
 */
public record Notice(NoticeType type, String text, Map<String, Object> details) {
}
