package dev.slipway.bench;

import dev.slipway.bench.Latencies.Summary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures of a run as Markdown, ready for BENCHMARKS.md. */
record Report(Instant finishedAt, Machine machine, List<Row> rows, Map<String, Long> rowCounts, long heapUsedBytes,
        long heapMaxBytes) {

    record Row(Scenario scenario, Summary latencies) {

        boolean meetsGoal() {
            return latencies.p99() <= ServiceListBenchmark.GOAL_MILLIS;
        }
    }

    boolean meetsGoal() {
        return rows.stream().allMatch(Row::meetsGoal);
    }

    String markdown() {
        return "Services list with 20,000 services, " + finishedAt.truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                + "Machine: " + machine + "\n\n"
                + table() + "\n"
                + "Rows: " + rowCounts.entrySet().stream().map(e -> e.getKey() + " " + thousands(e.getValue()))
                        .collect(Collectors.joining(", ")) + ".\n"
                + String.format(Locale.ENGLISH, "Heap used after the run, after a full GC: %d MiB (maximum %d MiB).%n",
                        heapUsedBytes >> 20, heapMaxBytes >> 20)
                + (meetsGoal() ? "Every p99 is within the goal of " : "NOT every p99 is within the goal of ")
                + ServiceListBenchmark.GOAL_MILLIS + " ms.\n";
    }

    private String table() {
        var table = new StringBuilder("| Scenario | Request | Requests | p50 ms | p95 ms | p99 ms | max ms | p99 ≤ "
                + ServiceListBenchmark.GOAL_MILLIS + " ms |\n|---|---|--:|--:|--:|--:|--:|:-:|\n");
        for (Row row : rows) {
            Summary l = row.latencies();
            table.append(String.format(Locale.ENGLISH, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s |%n",
                    row.scenario().name(), row.scenario().request(), l.count(), l.p50(), l.p95(), l.p99(), l.max(),
                    row.meetsGoal() ? "yes" : "**no**"));
        }
        return table.toString();
    }

    private static String thousands(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }
}
