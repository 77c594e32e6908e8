package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One benchmark's verdict in one line, for {@code bench/run-all}'s table: {@code target/bench/summary/<name>.tsv}
 * holds {@code benchmark, goal, figure, met, load average, date}, tab-separated, one line per goal the benchmark
 * checks. Each benchmark writes it beside its Markdown report.
 */
public final class BenchSummary {

    private final Path file;
    private final StringBuilder lines = new StringBuilder();

    private BenchSummary(Path file) {
        this.file = file;
    }

    /** A summary for the benchmark, written to {@code outputDir/summary/<benchmark>.tsv} by {@link #write}. */
    public static BenchSummary of(Path outputDir, String benchmark) {
        return new BenchSummary(outputDir.resolve("summary").resolve(benchmark + ".tsv"));
    }

    /** One goal: what it asks, the figure measured (with its unit), and whether it was met. */
    public BenchSummary goal(String benchmark, String goal, String figure, boolean met) {
        lines.append(clean(benchmark)).append('\t').append(clean(goal)).append('\t').append(clean(figure)).append('\t')
                .append(met ? "met" : "not met").append('\t').append(clean(loadAverage())).append('\t')
                .append(LocalDate.now()).append('\n');
        return this;
    }

    public void write() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines.toString());
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }

    /** The 1-minute load average now. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
