package dev.slipway.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of the audit trail, newest first; {@code nextCursor} fetches the older events after these, null at the end. */
public record AuditPage(List<AuditRecord> items, @Nullable Long nextCursor) {
}
