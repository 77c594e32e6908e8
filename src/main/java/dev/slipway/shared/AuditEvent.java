package dev.slipway.shared;

import java.util.Map;

/**
 * Something the audit trail must record, published as an application event by the module where it
 * happened. Successes are published inside the transaction of the change, so the audit module can
 * write them in that same transaction; the actor, address and request id are added by the audit
 * module from the current request.
 *
 * @param action what was done, e.g. {@code service.update}, {@code token.create}
 * @param changes for updates, field → [before, after] of the fields that changed
 */
public record AuditEvent(String action, String targetType, String targetId, Outcome outcome, String reason,
        Map<String, Object[]> changes) {

    public enum Outcome { SUCCESS, DENIED, FAILED }

    public static AuditEvent success(String action, String targetType, String targetId) {
        return new AuditEvent(action, targetType, targetId, Outcome.SUCCESS, null, Map.of());
    }

    public static AuditEvent success(String action, String targetType, String targetId, Map<String, Object[]> changes) {
        return new AuditEvent(action, targetType, targetId, Outcome.SUCCESS, null, changes);
    }

    public static AuditEvent denied(String action, String targetType, String targetId, String reason) {
        return new AuditEvent(action, targetType, targetId, Outcome.DENIED, reason, Map.of());
    }

    public static AuditEvent failed(String action, String targetType, String targetId, String reason) {
        return new AuditEvent(action, targetType, targetId, Outcome.FAILED, reason, Map.of());
    }
}
