package dev.slipway.bench;

import dev.slipway.demo.FocusFileGenerator;
import dev.slipway.demo.FocusFileGenerator.Spec;
import dev.slipway.demo.FocusFileGenerator.Written;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Importing a FOCUS file of 1,000,000 rows through {@code POST /api/v1/cost-imports}, against
 * PostgreSQL's own bulk load of the same file: {@code psql \copy} into a bare table of text columns,
 * on the same database, in the same run. Goal: Slipway loads at least half as many rows a second as
 * psql, in a heap of 256 MiB.
 *
 * <p>Slipway runs in a JVM of its own ({@code -Xmx256m} unless {@code --heap} says otherwise), so the
 * benchmark's own allocations do not count; its peak heap comes from its GC log (heap in use before
 * each collection during the import). Each run imports a different month's file (so an import never
 * replaces the previous one) through Slipway and through psql, the order alternating from run to run.
 *
 * <p>Run with {@code bench/cost-import.sh [--rows 1000000] [--runs 3] [--heap 256m] [--gzip]}. Prints a
 * Markdown table, also written to {@code target/bench/cost-import.md}; exits with 1 when the median
 * ratio is below the goal.
 */
public final class CostImportBenchmark {

    static final double GOAL_RATIO = 0.5;

    private CostImportBenchmark() {
    }

    /** One run: Slipway's import and psql's copy of the same file. */
    private record Run(int number, boolean slipwayFirst, CostApi.Imported slipway, long peakHeap, int collections,
            long psqlNanos, long rows) {

        double slipwayRowsPerSecond() {
            return rows / slipway.seconds();
        }

        double psqlRowsPerSecond() {
            return rows / (psqlNanos / 1e9);
        }

        double ratio() {
            return slipwayRowsPerSecond() / psqlRowsPerSecond();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        long rows = BenchOptions.longValue(options, "rows", 1_000_000);
        int runs = (int) BenchOptions.longValue(options, "runs", 3);
        String heap = options.getOrDefault("heap", "256m");
        String psql = options.getOrDefault("psql", "psql");
        boolean gzip = options.containsKey("gzip");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        Path work = Files.createTempDirectory("slipway-cost-import-");
        String report;
        boolean met;
        try {
            // One file per run, each its own month, generated before Slipway starts so that nothing competes.
            var files = new ArrayList<Path>();
            var written = new ArrayList<Written>();
            var plainFiles = new ArrayList<Path>();
            long generationNanos = 0;
            for (int run = 0; run < runs; run++) {
                Spec spec = FocusFileGenerator.bench(rows, 1).startingAt(YearMonth.of(2026, 1).plusMonths(run))
                        .withSeed(4_242L + run);
                var generator = new FocusFileGenerator(spec);
                Path plain = work.resolve("focus-" + spec.firstMonth() + ".csv");
                long start = System.nanoTime();
                written.add(generator.writeTo(plain));
                generationNanos += System.nanoTime() - start;
                plainFiles.add(plain);
                if (gzip) {
                    Path packed = work.resolve(plain.getFileName() + ".gz");
                    generator.writeTo(packed);
                    files.add(packed);
                } else {
                    files.add(plain);
                }
                progress(String.format(Locale.ENGLISH, "Generated %s (%,d rows, %,d bytes)", plain.getFileName(),
                        rows, Files.size(plain)));
            }

            Machine machine;
            var results = new ArrayList<Run>();
            String postgresVersion;
            try (SlipwayProcess slipway = SlipwayProcess.start(heap)) {
                progress("Slipway runs with -Xmx" + heap + " on port " + slipway.port() + ", PostgreSQL at "
                        + slipway.jdbcUrl());
                var client = new SlipwayClient(slipway.port());
                client.mintToken(SlipwayProcess.ADMIN, SlipwayProcess.ADMIN_PASSWORD, "costs:read", "costs:write",
                        "catalog:read", "catalog:write");
                var api = new CostApi(client);
                api.createCatalog(FocusFileGenerator.bench(rows, 1).owners());
                DataSource database = slipway.dataSource();
                createBareTable(database, plainFiles.get(0));
                for (int run = 0; run < runs; run++) {
                    boolean slipwayFirst = run % 2 == 0;
                    long psqlNanos = 0;
                    if (!slipwayFirst) {
                        psqlNanos = psqlCopy(psql, slipway, plainFiles.get(run), database, rows);
                    }
                    long mark = slipway.gcLogMark();
                    progress("Run " + (run + 1) + ": POST /api/v1/cost-imports " + files.get(run).getFileName());
                    CostApi.Imported imported;
                    try {
                        imported = api.importFile(files.get(run), written.get(run));
                    } catch (RuntimeException e) {
                        throw new IllegalStateException(e.getMessage() + "\nSlipway's log ends with:\n"
                                + slipway.logTail(), e);
                    }
                    slipway.logLines("Cost import " + imported.id() + ":").forEach(line ->
                            progress(line.substring(line.indexOf("Cost import"))));
                    long peak = slipway.peakHeapSince(mark);
                    int collections = slipway.collectionsSince(mark);
                    if (slipwayFirst) {
                        psqlNanos = psqlCopy(psql, slipway, plainFiles.get(run), database, rows);
                    }
                    var result = new Run(run + 1, slipwayFirst, imported, peak, collections, psqlNanos, rows);
                    progress(String.format(Locale.ENGLISH, "Run %d: Slipway %.2f s, psql %.2f s, ratio %.2f",
                            run + 1, imported.seconds(), psqlNanos / 1e9, result.ratio()));
                    results.add(result);
                }
                machine = Machine.describe(database);
                postgresVersion = slipway.postgresVersion();
            }
            double medianRatio = median(results.stream().mapToDouble(Run::ratio).toArray());
            met = medianRatio >= GOAL_RATIO;
            report = report(args, machine, postgresVersion, heap, rows, Files.size(plainFiles.get(0)),
                    gzip ? Files.size(files.get(0)) : -1, generationNanos / (double) runs, results, medianRatio, met);
            long peakHeap = results.stream().mapToLong(Run::peakHeap).max().orElse(0);
            BenchSummary.of(outputDir, "cost-import")
                    .goal(String.format(Locale.ENGLISH, "Cost import, %,d rows", rows), "≥ " + GOAL_RATIO
                            + "× psql \\copy rows/s (median), in a " + heap + " heap", String.format(Locale.ENGLISH,
                            "%.2f× (peak heap %d MiB)", medianRatio, peakHeap >> 20), met)
                    .write();
        } finally {
            BenchOutput.deleteTree(work);
        }
        BenchOutput.publish(outputDir, "cost-import.md", report, met);
    }

    /** A plain table with one text column per CSV column, the least PostgreSQL can do with the file. */
    private static void createBareTable(DataSource database, Path file) throws Exception {
        String header;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            header = reader.readLine();
        }
        String columns = Arrays.stream(header.split(",")).map(column -> "\"" + column + "\" text")
                .collect(Collectors.joining(", "));
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute("drop table if exists bench_bare");
            statement.execute("create table bench_bare (" + columns + ")");
        }
    }

    /** Runs psql's \copy of the file as a pipeline step would (a fresh process) and returns its whole time. */
    private static long psqlCopy(String psql, SlipwayProcess slipway, Path file, DataSource database, long rows)
            throws Exception {
        long before = count(database);
        progress("psql \\copy bench_bare from " + file.getFileName());
        var command = List.of(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost",
                "-p", String.valueOf(slipway.postgresPort()), "-U", "postgres", "-d", "postgres",
                "-c", "\\copy bench_bare from '" + file.toAbsolutePath() + "' with (format csv, header true)");
        Path log = Files.createTempFile("psql-", ".log");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            int status = process.waitFor();
            long elapsed = System.nanoTime() - start;
            if (status != 0) {
                throw new IllegalStateException("psql exited with " + status + ": " + Files.readString(log));
            }
            long copied = count(database) - before;
            if (copied != rows) {
                throw new IllegalStateException("psql copied " + copied + " rows, not " + rows);
            }
            return elapsed;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static long count(DataSource database) throws Exception {
        try (var connection = database.getConnection(); var statement = connection.createStatement();
             var result = statement.executeQuery("select count(*) from bench_bare")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String report(String[] args, Machine machine, String postgresVersion, String heap, long rows,
            long fileBytes, long gzipBytes, double generationNanos, List<Run> runs, double medianRatio, boolean met) {
        var out = new StringBuilder();
        out.append(String.format(Locale.ENGLISH, "Cost import of %,d FOCUS rows, %s%n%n", rows,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        out.append("Machine: ").append(machine).append("\n\n");
        out.append("Command: `bench/cost-import.sh").append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("`\n\n");
        out.append(String.format(Locale.ENGLISH, "File: FOCUS 1.2 CSV, %,d rows, %,.1f MB%s, one month, generated in "
                        + "%.2f s (%,.0f rows/s). Slipway: its own JVM with -Xmx%s; peak heap = the most heap in use "
                        + "before any collection during the import (GC log, -Xlog:gc). psql: `\\copy bench_bare from "
                        + "'file.csv' with (format csv, header true)` into a table of %d text columns on the same "
                        + "PostgreSQL %s, the whole process timed.%n%n",
                rows, fileBytes / 1e6, gzipBytes < 0 ? "" : String.format(Locale.ENGLISH,
                        " (sent gzipped: %,.1f MB)", gzipBytes / 1e6),
                generationNanos / 1e9, rows / (generationNanos / 1e9), heap, FocusFileGenerator.COLUMNS.size(),
                postgresVersion));
        out.append("| Run | First | Slipway s | Slipway rows/s | Peak heap MiB (GCs) | psql s | psql rows/s "
                + "| Slipway/psql |\n|--:|---|--:|--:|--:|--:|--:|--:|\n");
        for (Run run : runs) {
            out.append(String.format(Locale.ENGLISH, "| %d | %s | %.2f | %,.0f | %d (%d) | %.2f | %,.0f | %.2f |%n",
                    run.number(), run.slipwayFirst() ? "Slipway" : "psql", run.slipway().seconds(),
                    run.slipwayRowsPerSecond(), run.peakHeap() >> 20, run.collections(), run.psqlNanos() / 1e9,
                    run.psqlRowsPerSecond(), run.ratio()));
        }
        out.append(String.format(Locale.ENGLISH, "| median | | %.2f | %,.0f | %d | %.2f | %,.0f | %.2f |%n%n",
                median(runs.stream().mapToDouble(run -> run.slipway().seconds()).toArray()),
                median(runs.stream().mapToDouble(Run::slipwayRowsPerSecond).toArray()),
                (long) median(runs.stream().mapToDouble(run -> run.peakHeap() >> 20).toArray()),
                median(runs.stream().mapToDouble(run -> run.psqlNanos() / 1e9).toArray()),
                median(runs.stream().mapToDouble(Run::psqlRowsPerSecond).toArray()), medianRatio));
        out.append(String.format(Locale.ENGLISH, "Goal: Slipway imports at least %.1f× as many rows a second as psql "
                + "\\copy (median ratio %.2f): %s.%n", GOAL_RATIO, medianRatio, met ? "met" : "NOT met"));
        return out.toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
