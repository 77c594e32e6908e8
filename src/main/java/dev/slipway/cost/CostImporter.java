package dev.slipway.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports bill files in two passes. The first reads every file and checks every row, touching
 * nothing, so a bad file changes nothing and its report lists all that is wrong. The second streams
 * the rows into PostgreSQL with COPY and, in the same transaction, removes what earlier imports held
 * for the same billing accounts and periods and recomputes the rollups of the months concerned.
 * The only writer of {@code cost_line_item}.
 */
@Component
class CostImporter {

    /** Serialises everything that rewrites line items or rollups, across replicas. */
    static final long COST_WRITE_LOCK = 0x5_c057L;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ImportHistory history;
    private final CostRollups rollups;
    private final CostProperties properties;

    CostImporter(DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions,
            ImportHistory history, CostRollups rollups, CostProperties properties) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.history = history;
        this.rollups = rollups;
        this.properties = properties;
    }

    /** Checks and loads the files as one import; returns the report, or throws when a file is refused. */
    ImportResult run(long importId, List<UploadedCostFile> files, Runnable onCommit) {
        var plan = new ImportPlan();
        var report = check(importId, files, plan);
        if (report.failed()) {
            history.failed(importId, plan, report);
            return new ImportResult(plan, report, 0, false);
        }
        createPartitions(plan.billingMonths());
        long replaced = transaction.execute(status -> {
            long count = load(importId, files, plan, report);
            onCommit.run(); // e.g. its audit event, in the same transaction
            return count;
        });
        return new ImportResult(plan, report, replaced, true);
    }

    record ImportResult(ImportPlan plan, ImportReport report, long replacedRows, boolean committed) {
    }

    private ImportReport check(long importId, List<UploadedCostFile> files, ImportPlan plan) {
        var merged = new ImportReport();
        long bytesBefore = 0;
        for (UploadedCostFile file : files) {
            var report = new ImportReport();
            long offset = bytesBefore;
            try (var counting = new CountingStream(Files.newInputStream(file.path()));
                    var reader = CostFileReader.open(counting, report)) {
                plan.file(file.name(), reader.format(), reader.focusVersion());
                long[] next = {properties.progressEveryRows()};
                reader.read(line -> {
                    plan.add(line, line.currency());
                    if (plan.rows() >= next[0]) {
                        next[0] += properties.progressEveryRows();
                        history.checked(importId, offset + counting.count());
                    }
                });
                plan.onlyCurrency(file.name(), reader.onlyCurrency());
            } catch (IOException e) {
                report.problem(0, "could not be read: " + e.getMessage());
            }
            merged.merge(report, files.size() > 1 ? file.name() : null);
            bytesBefore += file.size();
            history.checked(importId, bytesBefore);
        }
        return merged;
    }

    private void createPartitions(Set<YearMonth> months) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(COST_WRITE_LOCK).query(Object.class).single();
            for (YearMonth month : months) {
                jdbc.sql("create table if not exists cost_line_item_p%d_%02d partition of cost_line_item for values from ('%s') to ('%s')"
                        .formatted(month.getYear(), month.getMonthValue(), month.atDay(1) + "T00:00:00Z",
                                month.plusMonths(1).atDay(1) + "T00:00:00Z"))
                        .update();
            }
        });
    }

    private long load(long importId, List<UploadedCostFile> files, ImportPlan plan, ImportReport report) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(COST_WRITE_LOCK).query(Object.class).single();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (var copy = new LineItemCopy(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(LineItemCopy.SQL),
                importId)) {
            long[] next = {properties.progressEveryRows()};
            for (UploadedCostFile file : files) {
                String onlyCurrency = plan.onlyCurrency(file.name());
                try (InputStream in = Files.newInputStream(file.path());
                        var reader = CostFileReader.open(in, new ImportReport())) {
                    reader.read(line -> {
                        try {
                            copy.write(line, line.currency() != null ? line.currency() : onlyCurrency);
                        } catch (SQLException e) {
                            throw new CopyFailed(e);
                        }
                        if (copy.rows() >= next[0]) {
                            next[0] += properties.progressEveryRows();
                            history.loaded(importId, copy.rows(), plan.rows());
                        }
                    });
                }
            }
            copy.finish();
        } catch (SQLException e) {
            throw new CopyFailed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<LocalDate> months = new TreeSet<>(plan.chargeMonths());
        months.addAll(replacedMonths(importId, plan));
        long replaced = removeReplaced(importId, plan);
        rollups.recompute(months);
        history.committed(importId, plan, report, replaced);
        return replaced;
    }

    private List<LocalDate> replacedMonths(long importId, ImportPlan plan) {
        return jdbc.sql("""
                select distinct date_trunc('month', li.charge_period_start at time zone 'UTC')::date
                from cost_line_item li
                join unnest(?::text[], (?::text[])::timestamptz[]) as p(account, start)
                  on li.billing_account_id = p.account and li.billing_period_start = p.start
                where li.import_id <> ?""")
                .params(accounts(plan), starts(plan), importId).query(LocalDate.class).list();
    }

    private long removeReplaced(long importId, ImportPlan plan) {
        return jdbc.sql("""
                delete from cost_line_item li
                using unnest(?::text[], (?::text[])::timestamptz[]) as p(account, start)
                where li.billing_account_id = p.account and li.billing_period_start = p.start and li.import_id <> ?""")
                .params(accounts(plan), starts(plan), importId).update();
    }

    private static String[] accounts(ImportPlan plan) {
        return plan.periods().stream().map(BillingPeriod::billingAccountId).toArray(String[]::new);
    }

    private static String[] starts(ImportPlan plan) {
        return plan.periods().stream().map(p -> p.start().toString()).toArray(String[]::new);
    }

    /** A failure of the database while rows stream in; the load's transaction is rolled back. */
    static final class CopyFailed extends RuntimeException {
        CopyFailed(SQLException cause) {
            super("Loading the line items failed: " + cause.getMessage(), cause);
        }
    }

    /** Counts the bytes read, so the check of a large file can show its progress. */
    static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
