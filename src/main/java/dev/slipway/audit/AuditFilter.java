package dev.slipway.audit;

import java.time.Instant;

/**
 * Narrows the audit trail; every part may be null. {@code action} matches a whole action
 * (service.update) or, ending in a dot, a family (service.); {@code from} is inclusive, {@code to}
 * exclusive.
 */
public record AuditFilter(String actor, String action, String targetType, String targetId, String outcome,
        Instant from, Instant to) {

    public AuditFilter {
        actor = blankToNull(actor);
        action = blankToNull(action);
        targetType = blankToNull(targetType);
        targetId = blankToNull(targetId);
        outcome = blankToNull(outcome) == null ? null : outcome.strip().toUpperCase(java.util.Locale.ROOT);
    }

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return actor == null && action == null && targetType == null && targetId == null && outcome == null
                && from == null && to == null;
    }

    /** How the filter reads, for the record of who read the trail. */
    String describe() {
        var parts = new java.util.ArrayList<String>();
        if (actor != null) parts.add("actor=" + actor);
        if (action != null) parts.add("action=" + action);
        if (targetType != null) parts.add("targetType=" + targetType);
        if (targetId != null) parts.add("targetId=" + targetId);
        if (outcome != null) parts.add("outcome=" + outcome);
        if (from != null) parts.add("from=" + from);
        if (to != null) parts.add("to=" + to);
        return parts.isEmpty() ? "all events" : String.join(" ", parts);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
