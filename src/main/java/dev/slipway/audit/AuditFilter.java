package dev.slipway.audit;

import dev.slipway.shared.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Narrows the audit trail; every part may be null. {@code action} matches a whole action
 * (service.update) or, ending in a dot, a family (service.); {@code from} is inclusive, {@code to}
 * exclusive.
 */
public record AuditFilter(@Nullable String actor, @Nullable String action, @Nullable String targetType, @Nullable String targetId, @Nullable String outcome,
        @Nullable Instant from, @Nullable Instant to) {

    public AuditFilter {
        actor = searchable("actor", actor);
        action = searchable("action", action);
        targetType = searchable("targetType", targetType);
        targetId = searchable("targetId", targetId);
        String named = blankToNull(outcome);
        outcome = named == null ? null : named.toUpperCase(Locale.ROOT);
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
        var parts = new ArrayList<String>();
        if (actor != null) parts.add("actor=" + actor);
        if (action != null) parts.add("action=" + action);
        if (targetType != null) parts.add("targetType=" + targetType);
        if (targetId != null) parts.add("targetId=" + targetId);
        if (outcome != null) parts.add("outcome=" + outcome);
        if (from != null) parts.add("from=" + from);
        if (to != null) parts.add("to=" + to);
        return parts.isEmpty() ? "all events" : String.join(" ", parts);
    }

    /**
     * PostgreSQL text holds no NUL, so a filter with one could only fail in the query; it is refused before an
     * export is recorded as made.
     */
    private static @Nullable String searchable(String field, @Nullable String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InvalidInputException(field, "must not contain a NUL character");
        }
        return blankToNull(value);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
