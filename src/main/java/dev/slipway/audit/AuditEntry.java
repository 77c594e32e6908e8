package dev.slipway.audit;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One row of the audit trail before the recorder adds who, when and from where: what the listeners make of the
 * modules' events. The actor, address and request id come from the current request.
 *
 * @param action the name of what was done (or refused, or failed), e.g. {@code service.update}: the event record's
 *     name, which its webhook event shares
 * @param changes for changes, field → [before, after] of the fields that changed
 */
record AuditEntry(String action, @Nullable String targetType, @Nullable String targetId, Outcome outcome, @Nullable String reason,
        Map<String, Object[]> changes) {

    enum Outcome { SUCCESS, DENIED, FAILED }

    static AuditEntry success(String action, String targetType, @Nullable String targetId) {
        return new AuditEntry(action, targetType, targetId, Outcome.SUCCESS, null, Map.of());
    }

    static AuditEntry success(String action, String targetType, String targetId, Map<String, Object[]> changes) {
        return new AuditEntry(action, targetType, targetId, Outcome.SUCCESS, null, changes);
    }

    static AuditEntry denied(String action, @Nullable String targetType, @Nullable String targetId, @Nullable String reason) {
        return new AuditEntry(action, targetType, targetId, Outcome.DENIED, reason, Map.of());
    }

    static AuditEntry failed(String action, String targetType, String targetId, @Nullable String reason) {
        return new AuditEntry(action, targetType, targetId, Outcome.FAILED, reason, Map.of());
    }
}
