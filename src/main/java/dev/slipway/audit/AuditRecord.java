package dev.slipway.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One event of the audit trail as stored; {@code changes} is JSON of field → [before, after]. */
public record AuditRecord(long seq, Instant occurredAt, @Nullable Long actorId, String actorName, String actorKind,
        @Nullable Long tokenId, @Nullable String address, @Nullable String userAgent, @Nullable String requestId, String action, @Nullable String targetType,
        @Nullable String targetId, String outcome, @Nullable String reason, @Nullable String changes, String prevHash, String hash) {
}
