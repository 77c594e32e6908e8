package dev.slipway.shared.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a request wrote: row counts of every table, rows inserted or updated since a point in time (by their
 * {@code xmin}), and the audit events appended since. One query before a request and one after it.
 */
final class DatabaseWrites {

    /**
     * Tables Slipway's background work writes on its own (rollouts, schedules, recomputations, webhook deliveries),
     * and records of a refusal that are kept on purpose (failed sign-ins, for throttling); the audit trail has a
     * rule of its own.
     */
    private static final Set<String> NOT_COUNTED = Set.of("audit_event", "audit_checkpoint", "deployment_event",
            "drift_finding", "webhook_delivery", "webhook_attempt", "cost_alert", "cost_estimate_daily",
            "cost_rollup_daily", "cost_rollup_monthly", "cost_rollup_daily_summary", "login_failure",
            "flyway_schema_history", "shedlock", "spring_session", "spring_session_attributes", "seed_marker");

    /**
     * Tables whose rows are updated by more than the request at hand: a token's last use is noted by every
     * authenticated call, deployments move on in the background, imports and recomputations note their progress.
     * Their row counts are still compared.
     */
    private static final Set<String> UPDATED_IN_BACKGROUND = Set.of("api_token", "app_user", "deployment", "cost_import",
            "cost_recomputation");

    /** Only Slipway's own deployments (automatic rollbacks) are created in the background. */
    private static final Map<String, String> COUNTED_ROWS = Map.of("deployment",
            "select count(*) from deployment where requested_by_name <> 'slipway'");

    record Snapshot(long xid, long auditSeq, Map<String, Long> counts) {
    }

    /** The difference a request made: tables whose rows changed, and the audit events it appended. */
    record Change(Map<String, TableChange> tables, List<AuditLine> events) {
    }

    /** A table's row count before and after, and how many of its rows were inserted or updated meanwhile. */
    record TableChange(long before, long after, long written) {

        @Override
        public String toString() {
            return (before != after ? before + " → " + after + " rows" : "")
                    + (written > 0 ? (before != after ? ", " : "") + written + " written" : "");
        }
    }

    record AuditLine(String action, String outcome, String actor, String targetType) {

        @Override
        public String toString() {
            return action + " " + outcome + " by " + actor;
        }
    }

    private final JdbcClient jdbc;
    private final List<String> tables;

    DatabaseWrites(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.tables = new ArrayList<>(new TreeSet<>(jdbc.sql("""
                select table_name from information_schema.tables
                where table_schema = current_schema() and table_type = 'BASE TABLE'""").query(String.class).list()));
        tables.removeAll(NOT_COUNTED);
    }

    List<String> tables() {
        return List.copyOf(tables);
    }

    Snapshot before() {
        Map<String, Long> row = values("select 'xid', pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296 "
                + "union all select 'audit', coalesce(max(seq), 0) from audit_event" + counts());
        var counts = new LinkedHashMap<String, Long>();
        tables.forEach(table -> counts.put(table, row.get(table)));
        return new Snapshot(row.get("xid"), row.get("audit"), counts);
    }

    Change since(Snapshot before) {
        var sql = new StringBuilder("select 'none', 0").append(counts());
        for (String table : tables) {
            if (!UPDATED_IN_BACKGROUND.contains(table)) {
                sql.append(" union all select '").append(table).append("~', count(*) from ").append(table)
                        .append(" where xmin::text::bigint >= ").append(before.xid());
            }
        }
        Map<String, Long> row = values(sql.toString());
        var changed = new LinkedHashMap<String, TableChange>();
        for (String table : tables) {
            var change = new TableChange(before.counts().get(table), row.get(table), row.getOrDefault(table + "~", 0L));
            if (change.before() != change.after() || change.written() > 0) {
                changed.put(table, change);
            }
        }
        List<AuditLine> events = jdbc.sql("select action, outcome, actor_name, target_type from audit_event where seq > ? "
                + "order by seq").param(before.auditSeq())
                .query((rs, i) -> new AuditLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        return new Change(changed, events);
    }

    private Map<String, Long> values(String sql) {
        var values = new LinkedHashMap<String, Long>();
        jdbc.sql(sql).query((rs, i) -> values.put(rs.getString(1), rs.getLong(2))).list();
        return values;
    }

    private String counts() {
        var sql = new StringBuilder();
        for (String table : tables) {
            sql.append(" union all select '").append(table).append("', (")
                    .append(COUNTED_ROWS.getOrDefault(table, "select count(*) from " + table)).append(")");
        }
        return sql.toString();
    }
}
