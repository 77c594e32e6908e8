package dev.slipway.bench;

import dev.slipway.demo.FocusFileGenerator;
import dev.slipway.demo.FocusFileGenerator.Spec;
import dev.slipway.demo.FocusFileGenerator.Totals;
import dev.slipway.demo.FocusFileGenerator.Written;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cost reports over 10,000,000 line items in six months: {@code GET /api/v1/costs} by team and month
 * over the six months, and by service and day over one month. Goal: p99 under 200 ms. Before that, the
 * six monthly FOCUS files are imported through the API (timed too); after it, one allocation
 * recompute is timed from its POST until its state is DONE.
 *
 * <p>Slipway runs in a JVM of its own ({@code -Xmx1g} unless {@code --heap} says otherwise). Run with
 * {@code bench/cost-report.sh [--rows 10000000] [--requests 300] [--warm-up 20] [--heap 1g] [--gzip]};
 * {@code --rows 200k} makes a quick run. Prints a Markdown table, also written to
 * {@code target/bench/cost-report.md}; exits with 1 when a p99 is above the goal.
 */
public final class CostReportBenchmark {

    static final int GOAL_MILLIS = 200;
    private static final int MONTHS = 6;

    private CostReportBenchmark() {
    }

    private record MonthImport(YearMonth month, long rows, long fileBytes, double generateSeconds,
            CostApi.Imported imported, long peakHeap) {
    }

    private record Timed(String name, String request, Latencies.Summary latencies, CostApi.ReportCheck check) {

        boolean meetsGoal() {
            return latencies.p99() < GOAL_MILLIS;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        long rows = BenchOptions.longValue(options, "rows", 10_000_000);
        int requests = (int) BenchOptions.longValue(options, "requests", 300);
        int warmUp = (int) BenchOptions.longValue(options, "warm-up", 20);
        String heap = options.getOrDefault("heap", "1g");
        boolean gzip = options.containsKey("gzip");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        Spec spec = FocusFileGenerator.bench(rows, MONTHS);
        var generator = new FocusFileGenerator(spec);
        List<YearMonth> months = spec.monthList();
        YearMonth lastMonth = months.get(MONTHS - 1);
        String from = months.get(0).atDay(1).toString();
        String to = lastMonth.plusMonths(1).atDay(1).toString();
        String byTeam = "/api/v1/costs?groupBy=team&granularity=month&from=" + from + "&to=" + to;
        String byServiceDaily = "/api/v1/costs?groupBy=service&granularity=day&from=" + lastMonth.atDay(1) + "&to="
                + to;

        Path work = Files.createTempDirectory("slipway-cost-report-");
        String report;
        boolean met;
        try (SlipwayProcess slipway = SlipwayProcess.start(heap)) {
            progress("Slipway runs with -Xmx" + heap + " on port " + slipway.port() + ", PostgreSQL at "
                    + slipway.jdbcUrl());
            var client = new SlipwayClient(slipway.port());
            client.mintToken(SlipwayProcess.ADMIN, SlipwayProcess.ADMIN_PASSWORD, "costs:read", "costs:write",
                    "catalog:read", "catalog:write");
            var api = new CostApi(client);
            api.createCatalog(spec.owners());

            // One month at a time, as a bill arrives: generate its file, import it, delete it (10M rows are ~5 GB).
            var imports = new ArrayList<MonthImport>();
            var allTotals = new LinkedHashMap<String, Totals>();
            Written lastWritten = null;
            for (YearMonth month : months) {
                Path file = work.resolve("focus-" + month + (gzip ? ".csv.gz" : ".csv"));
                long start = System.nanoTime();
                Written written = generator.writeTo(file, month);
                double generateSeconds = (System.nanoTime() - start) / 1e9;
                long bytes = Files.size(file);
                progress(String.format(Locale.ENGLISH, "%s: %,d rows; POST /api/v1/cost-imports", month,
                        written.rows()));
                long mark = slipway.gcLogMark();
                CostApi.Imported imported;
                try {
                    imported = api.importFile(file, written);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(e.getMessage() + "\nSlipway's log ends with:\n"
                            + slipway.logTail(), e);
                }
                imports.add(new MonthImport(month, written.rows(), bytes, generateSeconds, imported,
                        slipway.peakHeapSince(mark)));
                Files.delete(file);
                for (Totals totals : written.totals()) {
                    allTotals.merge(totals.currency(), totals, (a, b) -> new Totals(a.currency(),
                            a.billedCost().add(b.billedCost()), a.effectiveCost().add(b.effectiveCost()),
                            a.listCost().add(b.listCost())));
                }
                lastWritten = written;
            }

            var timed = new ArrayList<Timed>();
            timed.add(time(api, "Teams by month, six months", byTeam, List.copyOf(allTotals.values()), warmUp,
                    requests));
            timed.add(time(api, "Services by day, one month", byServiceDaily, lastWritten.totals(), warmUp,
                    requests));

            progress("POST /api/v1/cost-allocation/recompute");
            long mark = slipway.gcLogMark();
            CostApi.Recomputed recomputed = api.recompute();
            long recomputePeak = slipway.peakHeapSince(mark);

            met = timed.stream().allMatch(Timed::meetsGoal);
            report = report(args, Machine.describe(slipway.dataSource()), heap, rows, imports, timed, recomputed,
                    recomputePeak, met);
            BenchSummary.of(outputDir, "cost-report")
                    .goal(String.format(Locale.ENGLISH, "Cost reports over %,d line items", rows), "every p99 < "
                            + GOAL_MILLIS + " ms", timed.stream().map(t -> String.format(Locale.ENGLISH,
                                    "%s p99 %.1f ms", t.name().toLowerCase(Locale.ENGLISH), t.latencies().p99()))
                            .collect(Collectors.joining("; ")), met)
                    .write();
        } finally {
            BenchOutput.deleteTree(work);
        }
        BenchOutput.publish(outputDir, "cost-report.md", report, met);
    }

    /** Checks the report once in full, warms up, then times the requests one after another. */
    private static Timed time(CostApi api, String name, String path, List<Totals> expected, int warmUp, int requests)
            throws Exception {
        CostApi.ReportCheck check = api.checkReport(path, expected);
        progress(name + ": " + warmUp + " warm-up and " + requests + " timed requests of " + path);
        for (int i = 0; i < warmUp; i++) {
            api.timedReport(path);
        }
        var latencies = new Latencies(requests);
        for (int i = 0; i < requests; i++) {
            latencies.add(api.timedReport(path));
        }
        return new Timed(name, path, latencies.summary(), check);
    }

    private static String report(String[] args, Machine machine, String heap, long rows, List<MonthImport> imports,
            List<Timed> timed, CostApi.Recomputed recomputed, long recomputePeak, boolean met) {
        var out = new StringBuilder();
        out.append(String.format(Locale.ENGLISH, "Cost reports over %,d FOCUS line items in %d months, %s%n%n", rows,
                MONTHS, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        out.append("Machine: ").append(machine).append("\n\n");
        out.append("Command: `bench/cost-report.sh").append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("`\n\n");
        out.append("Slipway: its own JVM with -Xmx").append(heap).append("; peak heap = the most heap in use before "
                + "any collection (GC log, -Xlog:gc). Data: 40 teams × 10 services × 3 environments, USD and EUR, "
                + "5 % untagged, a shared project.\n\n");

        out.append("| Month | Rows | File MB | Generated s | Import s | Import rows/s | Peak heap MiB |\n"
                + "|---|--:|--:|--:|--:|--:|--:|\n");
        long totalRows = 0;
        double totalSeconds = 0;
        for (MonthImport month : imports) {
            totalRows += month.rows();
            totalSeconds += month.imported().seconds();
            out.append(String.format(Locale.ENGLISH, "| %s | %,d | %,.1f | %.2f | %.2f | %,.0f | %d |%n", month.month(),
                    month.rows(), month.fileBytes() / 1e6, month.generateSeconds(), month.imported().seconds(),
                    month.rows() / month.imported().seconds(), month.peakHeap() >> 20));
        }
        out.append(String.format(Locale.ENGLISH, "| all | %,d | | | %.2f | %,.0f | |%n%n", totalRows, totalSeconds,
                totalRows / totalSeconds));

        out.append("| Scenario | Request | Answer rows (groups) | Requests | p50 ms | p95 ms | p99 ms | max ms | p99 < "
                + GOAL_MILLIS + " ms |\n|---|---|--:|--:|--:|--:|--:|--:|:-:|\n");
        var notes = new ArrayList<String>();
        for (Timed row : timed) {
            Latencies.Summary l = row.latencies();
            out.append(String.format(Locale.ENGLISH, "| %s | `%s` | %,d (%,d) | %d | %.1f | %.1f | %.1f | %.1f | %s |%n",
                    row.name(), row.request(), row.check().rows(), row.check().groups(), l.count(), l.p50(), l.p95(),
                    l.p99(), l.max(), row.meetsGoal() ? "met" : "**NOT met**"));
            if (row.check().note() != null) {
                notes.add(row.name() + ": " + row.check().note());
            }
        }
        out.append('\n');
        for (String note : notes) {
            out.append("Note: ").append(note).append(".\n");
        }
        out.append(String.format(Locale.ENGLISH, "Allocation recompute (POST to DONE, polled every 50 ms): %.2f s, "
                        + "%,d rows, peak heap %d MiB.%n%n", recomputed.nanos() / 1e9, recomputed.rowsTotal(),
                recomputePeak >> 20));
        out.append(met ? "Goal: every p99 under " + GOAL_MILLIS + " ms: met.\n"
                : "Goal: every p99 under " + GOAL_MILLIS + " ms: NOT met.\n");
        return out.toString();
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
