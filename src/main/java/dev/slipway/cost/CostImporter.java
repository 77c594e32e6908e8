package dev.slipway.cost;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import lombok.RequiredArgsConstructor;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Imports bill files in one pass and one transaction: each row is checked as it streams into
 * PostgreSQL with COPY; a file with any problem rolls the whole import back, so a bad file changes
 * nothing and its report lists all that is wrong. After the rows, the same transaction removes what
 * earlier imports held for the same billing accounts and periods and recomputes the rollups of the
 * months concerned. The only writer of {@code cost_line_item}.
 */
@Component
@RequiredArgsConstructor
class CostImporter {

    /** With an import's id, held while the import's transaction lives: a RUNNING import whose lock is free is lost. */
    static final int IMPORT_LOCK_SPACE = 0x5c05;
    /** Stands for a currency the file leaves empty until the file's only currency is known. */
    private static final String CURRENCY_PENDING = "???";

    private static final Logger log = LoggerFactory.getLogger(CostImporter.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final CostWriteLock writeLock;
    private final ImportHistory history;
    private final CostRollups rollups;
    private final CostProperties properties;

    record ImportResult(ImportPlan plan, ImportReport report, boolean committed) {
    }

    /** Loads the files as one import; {@code onCommit} runs inside the transaction (its audit event). */
    ImportResult run(long importId, List<UploadedCostFile> files, Runnable onCommit) {
        var plan = new ImportPlan();
        var report = new ImportReport();
        boolean committed = writeLock.inTransaction(status -> {
            long started = System.nanoTime();
            jdbc.sql("select pg_advisory_xact_lock(?, ?::int)").params(IMPORT_LOCK_SPACE, importId)
                    .query(Object.class).single();
            copy(importId, files, plan, report);
            long copied = System.nanoTime();
            if (report.failed()) {
                status.setRollbackOnly();
                return false;
            }
            settleCurrencies(importId, files, plan);
            movePartitionless();
            analyze(plan.billingMonths());
            Set<LocalDate> months = new TreeSet<>(plan.chargeMonths());
            long replaced = 0;
            List<Long> earlier = history.holding(importId, plan.periods());
            if (!earlier.isEmpty()) {
                months.addAll(replacedMonths(earlier, plan));
                replaced = removeReplaced(earlier, plan);
            }
            long removed = System.nanoTime();
            rollups.recompute(months);
            history.committed(importId, plan, report, replaced);
            onCommit.run();
            log.info("Cost import {}: {} rows in {} ms (load {} ms, replace {} ms, rollups {} ms)", importId,
                    plan.rows(), ms(System.nanoTime() - started), ms(copied - started), ms(removed - copied),
                    ms(System.nanoTime() - removed));
            return true;
        }, () -> history.waiting(importId));
        if (!committed) {
            history.failed(importId, plan, report);
        }
        return new ImportResult(plan, report, committed);
    }

    private void copy(long importId, List<UploadedCostFile> files, ImportPlan plan, ImportReport merged) {
        createPartitions(firstMonths(files));
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (var copy = new LineItemCopy(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(LineItemCopy.SQL),
                importId)) {
            long bytesBefore = 0;
            long[] next = {properties.progressEveryRows()};
            for (UploadedCostFile file : files) {
                var report = new ImportReport();
                long offset = bytesBefore;
                try (var counting = new CountingStream(Files.newInputStream(file.path()));
                        var reader = CostFileReader.open(counting, report)) {
                    plan.file(file.name(), reader.format(), reader.focusVersion());
                    reader.read(line -> {
                        plan.add(line, line.currency());
                        if (!merged.failed() && !report.failed()) { // after a problem, only check the rest
                            copy.write(line, line.currency() != null ? line.currency() : CURRENCY_PENDING);
                        }
                        if (plan.rows() >= next[0]) {
                            next[0] += properties.progressEveryRows();
                            history.progress(importId, offset + counting.count(), plan.rows());
                        }
                    });
                    plan.onlyCurrency(file.name(), reader.onlyCurrency());
                } catch (IOException e) {
                    report.problem(0, "could not be read: " + e.getMessage());
                }
                merged.merge(report, files.size() > 1 ? file.name() : null);
                bytesBefore += file.size();
            }
            if (!merged.failed()) {
                copy.finish();
            }
        } catch (SQLException e) {
            throw new LineItemCopy.CopyFailed(e);
        }
    }

    /** The billing months of each file's first row: their partitions exist before the rows stream in. */
    private static Set<YearMonth> firstMonths(List<UploadedCostFile> files) {
        var months = new TreeSet<YearMonth>();
        for (UploadedCostFile file : files) {
            try (InputStream in = Files.newInputStream(file.path());
                    var reader = CostFileReader.open(in, new ImportReport())) {
                reader.first().ifPresent(line -> months.add(YearMonth.from(
                        line.billingPeriodStart().atOffset(ZoneOffset.UTC))));
            } catch (IOException e) {
                // the load reads it again and reports the problem
            }
        }
        return months;
    }

    private void createPartitions(Set<YearMonth> months) {
        for (YearMonth month : months) {
            jdbc.sql("create table if not exists %s partition of cost_line_item for values from ('%s') to ('%s')"
                    .formatted(partition(month), month.atDay(1) + "T00:00:00Z", month.plusMonths(1).atDay(1) + "T00:00:00Z"))
                    .update();
        }
    }

    /**
     * Rows of months whose partition did not exist yet (files spanning several billing months)
     * landed in the default partition: give each month its own partition and move them there.
     */
    private void movePartitionless() {
        List<LocalDate> months = jdbc.sql("""
                select distinct date_trunc('month', billing_period_start at time zone 'UTC')::date
                from cost_line_item_default""").query(LocalDate.class).list();
        for (LocalDate first : months) {
            YearMonth month = YearMonth.from(first);
            String table = partition(month);
            String from = month.atDay(1) + "T00:00:00Z";
            String to = month.plusMonths(1).atDay(1) + "T00:00:00Z";
            jdbc.sql("create table %s (like cost_line_item including defaults)".formatted(table)).update();
            jdbc.sql("""
                    with moved as (delete from cost_line_item_default
                                   where billing_period_start >= '%s' and billing_period_start < '%s' returning *)
                    insert into %s select * from moved""".formatted(from, to, table)).update();
            jdbc.sql("alter table cost_line_item attach partition %s for values from ('%s') to ('%s')"
                    .formatted(table, from, to)).update();
        }
    }

    /** Fresh statistics, so the rollups' plan fits a partition that just got a million rows. */
    private void analyze(Set<YearMonth> months) {
        for (YearMonth month : months) {
            jdbc.sql("analyze " + partition(month)).update();
        }
    }

    private static String partition(YearMonth month) {
        return "cost_line_item_p%d_%02d".formatted(month.getYear(), month.getMonthValue());
    }

    private void settleCurrencies(long importId, List<UploadedCostFile> files, ImportPlan plan) {
        if (plan.pendingCurrencyRows() == 0) {
            return;
        }
        for (UploadedCostFile file : files) {
            jdbc.sql("update cost_line_item set currency = ? where import_id = ? and currency = ?")
                    .params(plan.onlyCurrency(file.name()), importId, CURRENCY_PENDING).update();
        }
        plan.settleCurrencies();
    }

    private List<LocalDate> replacedMonths(List<Long> earlier, ImportPlan plan) {
        return jdbc.sql("""
                select distinct date_trunc('month', li.charge_period_start at time zone 'UTC')::date
                from cost_line_item li
                join unnest(?::text[], (?::text[])::timestamptz[]) as p(account, start)
                  on li.billing_account_id = p.account and li.billing_period_start = p.start
                where li.import_id = any(?)""")
                .params(accounts(plan), starts(plan), earlier.toArray(Long[]::new)).query(LocalDate.class).list();
    }

    /** Removes what earlier imports held for the periods this one brings (a partition-sized delete). */
    private long removeReplaced(List<Long> earlier, ImportPlan plan) {
        return jdbc.sql("""
                delete from cost_line_item li
                using unnest(?::text[], (?::text[])::timestamptz[]) as p(account, start)
                where li.billing_account_id = p.account and li.billing_period_start = p.start
                  and li.import_id = any(?)""")
                .params(accounts(plan), starts(plan), earlier.toArray(Long[]::new)).update();
    }

    private static String[] accounts(ImportPlan plan) {
        return plan.periods().stream().map(BillingPeriod::billingAccountId).toArray(String[]::new);
    }

    private static String[] starts(ImportPlan plan) {
        return plan.periods().stream().map(p -> p.start().toString()).toArray(String[]::new);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Counts the bytes read, so a running import can show how far it got. */
    static final class CountingStream extends FilterInputStream {
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
