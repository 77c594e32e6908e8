package dev.slipway.audit;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reading the audit trail: search, one event, verification of the hash chain, and streamed export.
 * Administrators (and tokens with audit:read) only; every read is itself recorded.
 */
@Component
public class AuditTrail {

    static final int MAX_PAGE = 200;
    private static final int STREAM_FETCH_SIZE = 5_000;
    private static final String COLUMNS = "seq, occurred_at, actor_id, actor_name, actor_kind, token_id, address, "
            + "user_agent, request_id, action, target_type, target_id, outcome, reason, changes, prev_hash, hash";

    private final JdbcTemplate jdbc;
    private final AccessPolicy access;
    private final AuditRecorder recorder;

    private final TransactionTemplate readOnly;

    AuditTrail(JdbcTemplate jdbc, AccessPolicy access, AuditRecorder recorder, PlatformTransactionManager transactions) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.jdbc = jdbc;
        this.access = access;
        this.recorder = recorder;
    }

    /** Events matching the filter, newest first, older than {@code cursor} when given. */
    @Transactional
    public AuditPage search(AuditFilter filter, Long cursor, int limit) {
        access.require(Permission.AUDIT_READ, null, "audit.read", "audit", null);
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        var params = new MapSqlParameterSource();
        String where = where(filter, params);
        if (cursor != null) {
            where += " and seq < :cursor";
            params.addValue("cursor", cursor);
        }
        params.addValue("limit", size + 1);
        List<AuditRecord> rows = new NamedParameterJdbcTemplate(jdbc).query(
                "select " + COLUMNS + " from audit_event where " + where + " order by seq desc limit :limit",
                params, (rs, i) -> read(rs));
        Long next = rows.size() > size ? rows.get(size - 1).seq() : null;
        recorder.success("audit.read", "audit", filter.describe());
        return new AuditPage(rows.size() > size ? rows.subList(0, size) : rows, next);
    }

    @Transactional
    public AuditRecord get(long seq) {
        access.require(Permission.AUDIT_READ, null, "audit.read", "audit", String.valueOf(seq));
        List<AuditRecord> found = jdbc.query("select " + COLUMNS + " from audit_event where seq = ?",
                (rs, i) -> read(rs), seq);
        if (found.isEmpty()) {
            throw new NotFoundException("audit event", String.valueOf(seq));
        }
        recorder.success("audit.read", "audit", "event " + seq);
        return found.get(0);
    }

    /** Re-computes every hash from the start of the chain (or the last purge checkpoint). */
    @Transactional
    public Verification verify() {
        access.require(Permission.AUDIT_READ, null, "audit.verify", "audit", null);
        Verification result = new ChainVerifier(jdbc, STREAM_FETCH_SIZE).verify();
        recorder.record(result.intact() ? AuditEntry.success("audit.verify", "audit", null)
                : AuditEntry.failed("audit.verify", "audit", String.valueOf(result.brokenAt()), result.summary()));
        return result;
    }

    /**
     * The newest verification of the chain, from the trail itself: each {@link #verify} records its result there (a
     * broken chain with the summary as the reason). Empty before the first verification.
     */
    @Transactional(readOnly = true)
    public Optional<AuditRecord> lastVerification() {
        access.require(Permission.AUDIT_READ, null, "audit.read", "audit", "last verification");
        return jdbc.query("select " + COLUMNS + " from audit_event where action = 'audit.verify' order by seq desc limit 1",
                (rs, i) -> read(rs)).stream().findFirst();
    }

    /** Checks the caller may export and records the export; {@link #stream} then writes it. */
    @Transactional
    public void authorizeExport(AuditFilter filter, String format) {
        access.require(Permission.AUDIT_READ, null, "audit.export", "audit", null);
        recorder.success("audit.export", "audit", format + ": " + filter.describe());
    }

    /**
     * Streams every matching event, oldest first, to {@code sink} without holding them in memory.
     * Checks nothing: callers go through {@link #authorizeExport} first.
     */
    void stream(AuditFilter filter, Consumer<AuditRecord> sink) {
        var params = new MapSqlParameterSource();
        String where = where(filter, params);
        var template = new JdbcTemplate(Objects.requireNonNull(jdbc.getDataSource()));
        template.setFetchSize(STREAM_FETCH_SIZE);
        readOnly.executeWithoutResult(status -> new NamedParameterJdbcTemplate(template).query(
                "select " + COLUMNS + " from audit_event where " + where + " order by seq", params,
                rs -> {
                    sink.accept(read(rs));
                }));
    }

    private static String where(AuditFilter filter, MapSqlParameterSource params) {
        var conditions = new ArrayList<String>();
        conditions.add("true");
        if (filter.actor() != null) {
            conditions.add("actor_name = :actor");
            params.addValue("actor", filter.actor());
        }
        if (filter.action() != null) {
            if (filter.action().endsWith(".")) {
                conditions.add("action like :action");
                params.addValue("action", filter.action().replace("%", "\\%").replace("_", "\\_") + "%");
            } else {
                conditions.add("action = :action");
                params.addValue("action", filter.action());
            }
        }
        if (filter.targetType() != null) {
            conditions.add("target_type = :targetType");
            params.addValue("targetType", filter.targetType());
        }
        if (filter.targetId() != null) {
            conditions.add("target_id = :targetId");
            params.addValue("targetId", filter.targetId());
        }
        if (filter.outcome() != null) {
            conditions.add("outcome = :outcome");
            params.addValue("outcome", filter.outcome());
        }
        if (filter.from() != null) {
            conditions.add("occurred_at >= :from");
            params.addValue("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("occurred_at < :to");
            params.addValue("to", Timestamp.from(filter.to()));
        }
        return String.join(" and ", conditions);
    }

    static AuditRecord read(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(),
                (Long) rs.getObject("actor_id"), rs.getString("actor_name"), rs.getString("actor_kind"),
                (Long) rs.getObject("token_id"), rs.getString("address"), rs.getString("user_agent"),
                rs.getString("request_id"), rs.getString("action"), rs.getString("target_type"),
                rs.getString("target_id"), rs.getString("outcome"), rs.getString("reason"), rs.getString("changes"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
