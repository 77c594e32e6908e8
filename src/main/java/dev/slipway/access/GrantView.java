package dev.slipway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A production access grant as the portal and the API show it. {@code services} is null when it
 * covers every service of {@code team}; {@code status} is ACTIVE, SCHEDULED, EXPIRED or REVOKED at the
 * time it was read.
 */
public record GrantView(long id, String subjectKind, String subject, List<GrantAction> actions, String team,
        @Nullable List<String> services, List<String> environments, Instant startsAt, Instant endsAt, String reason,
        Long requestId, String createdBy, Instant createdAt, @Nullable Instant revokedAt, String revokedBy, String revokeReason,
        Status status, long secondsLeft) implements ScopeDescription {

    public enum Status { SCHEDULED, ACTIVE, EXPIRED, REVOKED }

    public long totalSeconds() {
        return Duration.between(startsAt, endsAt).toSeconds();
    }
}
