package dev.slipway.audit;

import dev.slipway.SlipwayApplication;
import dev.slipway.bench.BenchSummary;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.catalog.TeamUpdated;
import dev.slipway.catalog.TeamView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail's speed targets: appending adds under 2 ms (p99) to a request's transaction;
 * verifying 1,000,000 events takes under 10 s; exporting 1,000,000 events streams without growing
 * the heap. Slipway runs in this JVM on a fresh embedded PostgreSQL.
 *
 * <p>Run with {@code bench/audit.sh}. Prints a Markdown table, also written to
 * {@code target/bench/audit.md}; exits with 1 when a goal is missed.
 */
public final class AuditBenchmark {

    private static final int APPENDS = 10_000;
    private static final int PARALLEL_WRITERS = 8;
    private static final int CHAIN_LENGTH = 1_000_000;

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("slipway-audit-bench-");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        var rows = new ArrayList<String[]>();
        boolean met;
        try (ConfigurableApplicationContext slipway = new SpringApplication(SlipwayApplication.class).run(
                "--server.port=0", "--slipway.data-dir=" + dataDir, "--slipway.demo.enabled=false",
                "--logging.level.root=WARN")) {
            var access = slipway.getBean(AccessPolicy.class);
            var transactions = new TransactionTemplate(slipway.getBean(PlatformTransactionManager.class));
            ApplicationEventPublisher events = slipway;
            DataSource dataSource = slipway.getBean(DataSource.class);

            // A request that changes something commits a write anyway; the event's cost is what it adds to that.
            var jdbc = slipway.getBean(JdbcTemplate.class);
            jdbc.execute("create table bench_change (id bigint generated always as identity primary key, at timestamptz)");
            Runnable change = () -> jdbc.update("insert into bench_change (at) values (now())");
            timeTransactions(transactions, change, APPENDS); // warm-up
            access.asSystem(() -> timeTransactions(transactions, () -> audited(change, events), APPENDS));
            // Interleaved, so that disk and background noise fall on both alike.
            double[][] paired = access.asSystem(() -> interleaved(transactions, change,
                    () -> audited(change, events), APPENDS));
            double[] empty = paired[0];
            double[] sequential = paired[1];
            double[] parallel = parallelAppends(access, transactions, () -> audited(change, events));
            rows.add(row("A change without audit event (baseline)", empty, null));
            rows.add(row("The same change with its audit event, 1 writer", sequential, empty));
            rows.add(row("The same change with its audit event, " + PARALLEL_WRITERS + " writers at once", parallel,
                    empty));

            long bulkStart = System.nanoTime();
            long chained = appendChain(dataSource, CHAIN_LENGTH);
            double loadSeconds = (System.nanoTime() - bulkStart) / 1e9;

            Verification verification = access.asSystem(() -> slipway.getBean(AuditTrail.class).verify());
            var export = slipway.getBean(AuditExport.class);
            var heap = new PeakHeap();
            long exportStart = System.nanoTime();
            var counter = new CountingStream();
            access.asSystem(() -> {
                try {
                    export.open(AuditFilter.none(), AuditExport.Format.NDJSON).writeTo(counter);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
            long heapGrowth = heap.stop();
            long retained = heap.retainedAfterGc();
            long maxHeap = Runtime.getRuntime().maxMemory();

            double addedP99 = percentile(sequential, 99) - percentile(empty, 99);
            double addedP99Parallel = percentile(parallel, 99) - percentile(empty, 99);
            boolean streamed = counter.bytes > maxHeap && retained < 32L * 1024 * 1024;
            met = verification.intact() && verification.millis() < 10_000 && addedP99 < 2.0 && streamed;
            String report = report(rows, chained, loadSeconds, verification, exportSeconds, counter, heapGrowth,
                    retained, maxHeap, addedP99, addedP99Parallel, met);
            System.out.println(report);
            Files.createDirectories(outputDir);
            Files.writeString(outputDir.resolve("audit.md"), report);
            BenchSummary.of(outputDir, "audit")
                    .goal("Audit: event added to a change", "p99 added < 2 ms", String.format(Locale.ROOT,
                            "%.2f ms (8 writers: %.2f ms)", addedP99, addedP99Parallel), addedP99 < 2.0)
                    .goal("Audit: verify the chain", "1,000,000 events in < 10 s", String.format(Locale.ROOT,
                            "%,d events in %.2f s, %s", verification.checked(), verification.millis() / 1000.0,
                            verification.intact() ? "intact" : "BROKEN"),
                            verification.intact() && verification.millis() < 10_000)
                    .goal("Audit: export", "streams without growing the heap", String.format(Locale.ROOT,
                            "%,d bytes in %.1f s, %.1f MiB kept of %d MiB", counter.bytes, exportSeconds,
                            retained / 1048576.0, maxHeap >> 20), streamed)
                    .write();
        } finally {
            deleteRecursively(dataDir);
        }
        if (!met) {
            System.exit(1);
        }
    }

    private static double[] timeTransactions(TransactionTemplate transactions, Runnable work, int count) {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            transactions.executeWithoutResult(status -> work.run());
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static double[][] interleaved(TransactionTemplate transactions, Runnable baseline, Runnable measured,
            int count) {
        double[][] millis = new double[2][count];
        for (int i = 0; i < count; i++) {
            millis[0][i] = timeTransactions(transactions, baseline, 1)[0];
            millis[1][i] = timeTransactions(transactions, measured, 1)[0];
        }
        return millis;
    }

    private static final TeamView BENCH_TEAM = new TeamView("bench", "Bench", null, null, 0, Instant.EPOCH,
            Instant.EPOCH);

    /** A change and the module event that records it (a team renamed, as the catalog publishes it). */
    private static void audited(Runnable change, ApplicationEventPublisher events) {
        change.run();
        events.publishEvent(new TeamUpdated(BENCH_TEAM, BENCH_TEAM));
    }

    private static double[] parallelAppends(AccessPolicy access, TransactionTemplate transactions, Runnable work)
            throws Exception {
        var pool = Executors.newFixedThreadPool(PARALLEL_WRITERS);
        var tasks = new ArrayList<Callable<double[]>>();
        for (int w = 0; w < PARALLEL_WRITERS; w++) {
            tasks.add(() -> access.asSystem(() -> timeTransactions(transactions, work, APPENDS / PARALLEL_WRITERS)));
        }
        var all = new ArrayList<Double>();
        for (var future : pool.invokeAll(tasks)) {
            for (double m : future.get()) {
                all.add(m);
            }
        }
        pool.shutdown();
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Extends the chain by {@code count} valid events, hashed here and bulk-loaded with COPY. */
    private static long appendChain(DataSource dataSource, int count) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long lastSeq;
            String prev;
            try (var statement = connection.createStatement();
                 var last = statement.executeQuery("select seq, hash from audit_event order by seq desc limit 1")) {
                last.next();
                lastSeq = last.getLong(1);
                prev = last.getString(2);
            }
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            int batch = 50_000;
            for (int start = 0; start < count; start += batch) {
                var text = new StringBuilder(batch * 400);
                for (int i = start; i < Math.min(count, start + batch); i++) {
                    long seq = lastSeq + 1 + i;
                    var unhashed = new AuditRecord(seq, at.plusNanos(i * 1000L), 42L, "bench-user", "PERSON", 7L,
                            "10.0.0." + (i % 250), "bench/1.0", "req-" + seq, i % 3 == 0 ? "service.update" : "catalog.read",
                            "service", "svc-" + (i % 20_000), i % 17 == 0 ? "DENIED" : "SUCCESS",
                            i % 17 == 0 ? "not a member of the team" : null,
                            i % 3 == 0 ? "{\"name\":{\"before\":\"Old " + i + "\",\"after\":\"New " + i + "\"}}" : null,
                            prev, "");
                    String hash = AuditCanonicalForm.hash(unhashed);
                    appendCopyRow(text, unhashed, hash);
                    prev = hash;
                }
                copy.copyIn("copy audit_event (seq, occurred_at, actor_id, actor_name, actor_kind, token_id, address, "
                        + "user_agent, request_id, action, target_type, target_id, outcome, reason, changes, prev_hash, "
                        + "hash) from stdin", new StringReader(text.toString()));
            }
            connection.commit();
            try (var statement = connection.createStatement()) {
                statement.execute("analyze audit_event");
            }
            return count;
        }
    }

    private static void appendCopyRow(StringBuilder text, AuditRecord e, String hash) {
        Object[] values = {e.seq(), e.occurredAt(), e.actorId(), e.actorName(), e.actorKind(), e.tokenId(), e.address(),
            e.userAgent(), e.requestId(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(),
            e.changes(), e.prevHash(), hash};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            text.append(values[i] == null ? "\\N" : values[i].toString().replace("\\", "\\\\"));
        }
        text.append('\n');
    }

    private static String[] row(String name, double[] millis, double[] baseline) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        String added = baseline == null ? "—"
                : String.format(Locale.ROOT, "%.2f", percentile(millis, 99) - percentile(baseline, 99));
        return new String[] {name, String.valueOf(millis.length), fmt(percentile(millis, 50)), fmt(percentile(millis, 99)),
            fmt(sorted[sorted.length - 1]), added};
    }

    private static String report(List<String[]> rows, long chained, double loadSeconds, Verification verification,
            double exportSeconds, CountingStream counter, long heapGrowth, long retained, long maxHeap, double addedP99,
            double addedP99Parallel, boolean met) {
        var md = new StringBuilder();
        md.append("| append scenario | transactions | p50 ms | p99 ms | max ms | p99 added by the event, ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append("\n| chain of ").append(String.format(Locale.ROOT, "%,d", chained + rows.size() * 0L))
                .append(" events | figure |\n|---|---:|\n");
        md.append(String.format(Locale.ROOT, "| bulk load with COPY (setup, not a goal) | %.1f s |%n", loadSeconds));
        md.append(String.format(Locale.ROOT, "| verify the whole chain | %.2f s (%s) |%n", verification.millis() / 1000.0,
                verification.summary()));
        md.append(String.format(Locale.ROOT, "| export as NDJSON | %.2f s, %,d bytes |%n", exportSeconds, counter.bytes));
        md.append(String.format(Locale.ROOT, "| heap: maximum allowed / peak in use above the start (garbage "
                + "included) / kept after the export and a GC | %.0f / %.1f / %.1f MiB |%n", maxHeap / 1048576.0,
                heapGrowth / 1048576.0, retained / 1048576.0));
        md.append(String.format(Locale.ROOT, "%nGoals: the event adds < 2 ms at p99 (measured %.2f ms; %.2f ms with %d "
                + "writers queueing for the chain), verify 1,000,000 < 10 s, export streams (more bytes written than "
                + "the heap can hold, nothing kept): %s%n", addedP99, addedP99Parallel, PARALLEL_WRITERS,
                met ? "met" : "NOT MET"));
        return md.toString();
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String fmt(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }

    /** Counts what an export writes, keeping none of it. */
    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    /** Peak heap in use while it runs, above the level at its start (after a GC). */
    private static final class PeakHeap {
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        private final long start;

        PeakHeap() {
            System.gc();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            start = used();
        }

        long stop() {
            long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return Math.max(0, peak - start);
        }

        long retainedAfterGc() {
            System.gc();
            return Math.max(0, used() - start);
        }

        private long used() {
            return pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        }
    }
}
