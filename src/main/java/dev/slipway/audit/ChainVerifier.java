package dev.slipway.audit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Walks the chain in order, re-computing each hash; stops at the first event that does not verify. */
final class ChainVerifier {

    private final JdbcTemplate jdbc;

    ChainVerifier(JdbcTemplate shared, int fetchSize) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(shared.getDataSource()));
        this.jdbc.setFetchSize(fetchSize);
    }

    Verification verify() {
        long started = System.nanoTime();
        var state = new Object() {
            long expectedSeq;
            @Nullable String expectedPrev;
            long checked;
            long lastGood;
            @Nullable Long brokenAt;
            @Nullable String problem;
        };
        jdbc.query("select seq, hash from audit_checkpoint order by seq desc limit 1", rs -> {
            state.expectedSeq = rs.getLong(1) + 1;
            state.expectedPrev = rs.getString(2);
            state.lastGood = rs.getLong(1);
        });
        if (state.expectedPrev == null) {
            state.expectedSeq = 1;
            state.expectedPrev = AuditChain.GENESIS;
        }
        jdbc.query("select seq, occurred_at, actor_id, actor_name, actor_kind, token_id, address, user_agent, "
                + "request_id, action, target_type, target_id, outcome, reason, changes, prev_hash, hash "
                + "from audit_event order by seq", rs -> {
                    if (state.brokenAt != null) {
                        return;
                    }
                    AuditRecord event = AuditTrail.read(rs);
                    String problem = event.seq() != state.expectedSeq
                            ? "event " + state.expectedSeq + " is missing"
                            : !event.prevHash().equals(state.expectedPrev)
                                    ? "its link to the event before does not match"
                                    : !AuditCanonicalForm.hash(event).equals(event.hash())
                                            ? "its content does not match its hash" : null;
                    if (problem != null) {
                        state.brokenAt = event.seq() != state.expectedSeq ? state.expectedSeq : event.seq();
                        state.problem = problem;
                        return;
                    }
                    state.checked++;
                    state.lastGood = event.seq();
                    state.expectedSeq = event.seq() + 1;
                    state.expectedPrev = event.hash();
                });
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Verification(state.brokenAt == null, state.checked, state.lastGood, state.brokenAt, state.problem,
                millis);
    }
}
