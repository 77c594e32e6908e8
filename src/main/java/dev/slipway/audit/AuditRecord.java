package dev.slipway.audit;

import java.time.Instant;

/** One event of the audit trail as stored; {@code changes} is JSON of field → [before, after]. */
public record AuditRecord(long seq, Instant occurredAt, Long actorId, String actorName, String actorKind,
        Long tokenId, String address, String userAgent, String requestId, String action, String targetType,
        String targetId, String outcome, String reason, String changes, String prevHash, String hash) {
}
