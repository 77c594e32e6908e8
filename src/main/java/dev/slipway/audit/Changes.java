package dev.slipway.audit;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** The fields that differ between two versions of a record, for the audit trail's before/after. */
final class Changes {

    private static final Set<String> IGNORED = Set.of("createdAt", "updatedAt", "version", "serviceCount");

    private Changes() {
    }

    static Map<String, Object[]> between(Record before, Record after) {
        var changes = new TreeMap<String, Object[]>();
        for (RecordComponent component : before.getClass().getRecordComponents()) {
            if (IGNORED.contains(component.getName())) {
                continue;
            }
            Object was = read(component, before);
            Object is = read(component, after);
            if (!Objects.equals(was, is)) {
                changes.put(component.getName(), new Object[] {was, is});
            }
        }
        return changes;
    }

    /** Every field of a new record, as changes from nothing. */
    static Map<String, Object[]> created(Record created) {
        var changes = new TreeMap<String, Object[]>();
        for (RecordComponent component : created.getClass().getRecordComponents()) {
            Object value = read(component, created);
            if (!IGNORED.contains(component.getName()) && value != null) {
                changes.put(component.getName(), new Object[] {null, value});
            }
        }
        return changes;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            Object value = component.getAccessor().invoke(record);
            return value instanceof Record || value instanceof Enum<?> ? String.valueOf(value) : value;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component.getName(), e);
        }
    }
}
