package dev.slipway.audit;

import java.util.Map;

/**
 * One row of the audit trail before the recorder adds who, when and from where: what the listeners make of the
 * modules' events. The actor, address and request id come from the current request.
 *
 * @param action the name of what was done (or refused, or failed), e.g. {@code service.update}: the event record's
 *     name, which its webhook event shares
 * @param changes for changes, field → [before, after] of the fields that changed
 */
record AuditEntry(String action, String targetType, String targetId, Outcome outcome, String reason,
        Map<String, Object[]> changes) {

    enum Outcome { SUCCESS, DENIED, FAILED }

    static AuditEntry success(String action, String targetType, String targetId) {
        return new AuditEntry(action, targetType, targetId, Outcome.SUCCESS, null, Map.of());
    }

    static AuditEntry success(String action, String targetType, String targetId, Map<String, Object[]> changes) {
        return new AuditEntry(action, targetType, targetId, Outcome.SUCCESS, null, changes);
    }

    static AuditEntry denied(String action, String targetType, String targetId, String reason) {
        return new AuditEntry(action, targetType, targetId, Outcome.DENIED, reason, Map.of());
    }

    static AuditEntry failed(String action, String targetType, String targetId, String reason) {
        return new AuditEntry(action, targetType, targetId, Outcome.FAILED, reason, Map.of());
    }
}
