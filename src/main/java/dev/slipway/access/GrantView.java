package dev.slipway.access;

import java.time.Instant;
import java.util.List;

/**
 * A production access grant as the portal and the API show it. {@code services} is null when it
 * covers every service of {@code team}; {@code status} is ACTIVE, SCHEDULED, EXPIRED or REVOKED at the
 * time it was read.
 */
public record GrantView(long id, String subjectKind, String subject, List<GrantAction> actions, String team,
        List<String> services, List<String> environments, Instant startsAt, Instant endsAt, String reason,
        Long requestId, String createdBy, Instant createdAt, Instant revokedAt, String revokedBy, String revokeReason,
        Status status, long secondsLeft) {

    public enum Status { SCHEDULED, ACTIVE, EXPIRED, REVOKED }

    /** "checkout-api, payments-api" or "every service of payments", for people. */
    public String scopeText() {
        return services == null ? "every service of " + team : String.join(", ", services);
    }

    public String actionsText() {
        return String.join(", ", actions.stream().map(GrantAction::verb).toList());
    }

    public long totalSeconds() {
        return java.time.Duration.between(startsAt, endsAt).toSeconds();
    }
}
