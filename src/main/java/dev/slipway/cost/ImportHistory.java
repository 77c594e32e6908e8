package dev.slipway.cost;

import dev.slipway.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history of imports: the only writer of {@code cost_import}. Progress is written in small
 * transactions of its own, so people can follow an import whose load is still uncommitted.
 */
@Component
class ImportHistory {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate own;

    ImportHistory(JdbcClient jdbc, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    long start(List<UploadedCostFile> files, String createdBy) {
        Instant now = clock.instant();
        return own.execute(status -> jdbc.sql("""
                insert into cost_import (state, file_names, bytes_total, created_by_name, started_at, heartbeat_at)
                values ('RUNNING', ?, ?, ?, ?, ?) returning id""")
                .params(json.writeValueAsString(files.stream().map(UploadedCostFile::name).toList()),
                        files.stream().mapToLong(UploadedCostFile::size).sum(), createdBy, utc(now), utc(now))
                .query(Long.class).single());
    }

    /** A heartbeat while the import waits for another cost write to end. */
    void waiting(long id) {
        own.executeWithoutResult(status -> jdbc.sql(
                "update cost_import set heartbeat_at = ? where id = ? and state = 'RUNNING'")
                .params(utc(clock.instant()), id).update());
    }

    void progress(long id, long bytesRead, long rows) {
        own.executeWithoutResult(status -> jdbc.sql("""
                update cost_import set bytes_checked = ?, rows_loaded = ?, heartbeat_at = ?
                where id = ? and state = 'RUNNING'""")
                .params(bytesRead, rows, utc(clock.instant()), id).update());
    }

    /** In the load's own transaction: the import and its rows commit together. */
    void committed(long id, ImportPlan plan, ImportReport report, long replacedRows) {
        jdbc.sql("""
                update cost_import set state = 'COMMITTED', format = ?, focus_version = ?, rows_total = ?,
                    rows_loaded = ?, bytes_checked = bytes_total, totals = ?::jsonb, periods = ?::jsonb,
                    warnings = ?::jsonb, replaced_rows = ?, finished_at = ?, heartbeat_at = ?
                where id = ?""")
                .params(plan.format(), plan.focusVersion(), plan.rows(), plan.rows(),
                        json.writeValueAsString(plan.totals()), json.writeValueAsString(plan.periods()),
                        json.writeValueAsString(report.warnings()), replacedRows, utc(clock.instant()),
                        utc(clock.instant()), id)
                .update();
    }

    void failed(long id, ImportPlan plan, ImportReport report) {
        own.executeWithoutResult(status -> jdbc.sql("""
                update cost_import set state = 'FAILED', format = ?, focus_version = ?, rows_total = ?,
                    warnings = ?::jsonb, problems = ?::jsonb, problem_count = ?, finished_at = ?, heartbeat_at = ?
                where id = ?""")
                .params(plan.format(), plan.focusVersion(), plan.rows(), json.writeValueAsString(report.warnings()),
                        json.writeValueAsString(report.problems()), report.problemCount(), utc(clock.instant()),
                        utc(clock.instant()), id)
                .update());
    }

    /** Committed imports other than this one that hold any of these billing periods: what it replaces. */
    List<Long> holding(long importId, List<BillingPeriod> periods) {
        var ids = new TreeSet<Long>();
        for (BillingPeriod period : periods) {
            ids.addAll(jdbc.sql("select id from cost_import where state = 'COMMITTED' and id <> ? and periods @> ?::jsonb")
                    .params(importId, json.writeValueAsString(List.of(Map.of("billingAccountId",
                            period.billingAccountId(), "start", period.start().toString()))))
                    .query(Long.class).list());
        }
        return List.copyOf(ids);
    }

    /**
     * Imports whose process stopped mid-way: their load was never committed, so nothing of them
     * exists. An import waiting for another to finish is silent too, but holds its lock.
     */
    int failLost(Instant silentSince) {
        String problem = json.writeValueAsString(List.of(new ImportProblem(0,
                "Slipway stopped while this import ran; nothing of it was kept. Import the files again.")));
        return own.execute(status -> jdbc.sql("""
                update cost_import set state = 'FAILED', problems = ?::jsonb, problem_count = 1, finished_at = ?
                where id in (select id from cost_import where state = 'RUNNING' and heartbeat_at < ?
                             and pg_try_advisory_xact_lock(?, id::int))""")
                .params(problem, utc(clock.instant()), utc(silentSince), CostImporter.IMPORT_LOCK_SPACE).update());
    }

    CostImportView get(long id) {
        return jdbc.sql("select * from cost_import where id = ?").param(id).query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new NotFoundException("cost import", String.valueOf(id)));
    }

    Page<CostImportView> list(Pageable page) {
        long total = jdbc.sql("select count(*) from cost_import").query(Long.class).single();
        List<CostImportView> items = jdbc.sql("select * from cost_import order by started_at desc, id desc limit ? offset ?")
                .params(page.getPageSize(), page.getOffset()).query((rs, i) -> read(rs)).list();
        return new PageImpl<>(items, page, total);
    }

    private CostImportView read(ResultSet rs) throws SQLException {
        var finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new CostImportView(rs.getLong("id"), CostImportState.valueOf(rs.getString("state")),
                json.readValue(rs.getString("file_names"), new TypeReference<List<String>>() { }),
                rs.getString("format"), rs.getString("focus_version"), rs.getLong("bytes_total"),
                rs.getLong("bytes_checked"), rs.getLong("rows_total"), rs.getLong("rows_loaded"),
                json.readValue(rs.getString("totals"), new TypeReference<List<CurrencyTotal>>() { }),
                json.readValue(rs.getString("periods"), new TypeReference<List<BillingPeriod>>() { }),
                json.readValue(rs.getString("warnings"), new TypeReference<List<ImportWarning>>() { }),
                json.readValue(rs.getString("problems"), new TypeReference<List<ImportProblem>>() { }),
                rs.getLong("problem_count"), rs.getLong("replaced_rows"), rs.getString("created_by_name"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
