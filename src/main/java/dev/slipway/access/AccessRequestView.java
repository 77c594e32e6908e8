package dev.slipway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A just-in-time access request, with the decisions taken on it so far. */
public record AccessRequestView(long id, String requester, List<GrantAction> actions, String team,
        @Nullable List<String> services, List<String> environments, Duration duration, String reason, State state,
        int approvalsRequired, boolean maintainersMayApprove, List<Decision> decisions, Instant createdAt,
        Instant expiresAt, @Nullable Instant decidedAt, String decidedBy, String decisionComment, Long grantId)
        implements ScopeDescription {

    public enum State { PENDING, APPROVED, DENIED, EXPIRED, WITHDRAWN }

    /** One approver's approval or denial. */
    public record Decision(String approver, boolean approved, String comment, Instant at) {
    }

    public long approvals() {
        return decisions.stream().filter(Decision::approved).count();
    }

    public boolean pending() {
        return state == State.PENDING;
    }

    public String durationText() {
        return Durations.describe(duration);
    }
}
