package dev.slipway.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the hash chain. Appends take a transaction-scoped advisory lock, so the chain
 * stays linear however many requests and Slipway replicas write at once; the lock is held until
 * the transaction that appends commits or rolls back, and a rolled-back append leaves no gap.
 */
@Component
@RequiredArgsConstructor
class AuditChain {

    static final String GENESIS = "";
    private static final long LOCK_KEY = 0x534c4950_41554454L; // "SLIPAUDT"

    private final JdbcClient jdbc;

    /** A new event before it has its place in the chain. */
    record Draft(Instant occurredAt, @Nullable Long actorId, String actorName, String actorKind, @Nullable Long tokenId, @Nullable String address,
            @Nullable String userAgent, @Nullable String requestId, String action, @Nullable String targetType, @Nullable String targetId, String outcome,
            @Nullable String reason, @Nullable String changes) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    AuditRecord append(Draft draft) {
        Link last = jdbc.sql("select seq, hash from audit_chain_head(?)").param(LOCK_KEY)
                .query(Link.class).single();
        // PostgreSQL keeps microseconds; hash what will be read back.
        Instant at = draft.occurredAt().truncatedTo(ChronoUnit.MICROS);
        var unhashed = new AuditRecord(last.seq() + 1, at, draft.actorId(), draft.actorName(), draft.actorKind(),
                draft.tokenId(), draft.address(), draft.userAgent(), draft.requestId(), draft.action(),
                draft.targetType(), draft.targetId(), draft.outcome(), draft.reason(), draft.changes(), last.hash(), "");
        var event = withHash(unhashed, AuditCanonicalForm.hash(unhashed));
        jdbc.sql("""
                insert into audit_event (seq, occurred_at, actor_id, actor_name, actor_kind, token_id, address,
                    user_agent, request_id, action, target_type, target_id, outcome, reason, changes, prev_hash, hash)
                values (:seq, :at, :actorId, :actorName, :actorKind, :tokenId, :address, :userAgent, :requestId,
                    :action, :targetType, :targetId, :outcome, :reason, :changes, :prevHash, :hash)""")
                .param("seq", event.seq()).param("at", Timestamp.from(at)).param("actorId", event.actorId())
                .param("actorName", event.actorName()).param("actorKind", event.actorKind())
                .param("tokenId", event.tokenId()).param("address", event.address())
                .param("userAgent", event.userAgent()).param("requestId", event.requestId())
                .param("action", event.action()).param("targetType", event.targetType())
                .param("targetId", event.targetId()).param("outcome", event.outcome()).param("reason", event.reason())
                .param("changes", event.changes()).param("prevHash", event.prevHash()).param("hash", event.hash())
                .update();
        return event;
    }

    private record Link(long seq, String hash) {
    }

    private static AuditRecord withHash(AuditRecord e, String hash) {
        return new AuditRecord(e.seq(), e.occurredAt(), e.actorId(), e.actorName(), e.actorKind(), e.tokenId(),
                e.address(), e.userAgent(), e.requestId(), e.action(), e.targetType(), e.targetId(), e.outcome(),
                e.reason(), e.changes(), e.prevHash(), hash);
    }
}
