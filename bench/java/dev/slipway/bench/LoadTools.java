package dev.slipway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The load tools outside Java the ceiling benchmark drives, with their output read back: {@code wrk} for HTTP and
 * {@code pgbench} for PostgreSQL (both Debian packages), and the CPU each process used, from {@code /proc}.
 */
final class LoadTools {

    private LoadTools() {
    }

    /** What one wrk run measured. Latencies in milliseconds (wrk's own percentiles, from {@code --latency}). */
    record WrkResult(double requestsPerSecond, long requests, double p50, double p99, long non2xx, long socketErrors,
            String output) {

        long errors() {
            return non2xx + socketErrors;
        }
    }

    /** What one pgbench run measured. */
    record PgbenchResult(double tps, long transactions, double latencyAverageMillis, long failed, String output) {
    }

    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_COUNT = Pattern.compile("(\\d+) requests in");
    private static final Pattern WRK_PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern WRK_SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PGBENCH_TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PGBENCH_COUNT = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern PGBENCH_LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern PGBENCH_FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    static void requireInstalled(String tool, String debianPackage) {
        if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
            throw new IllegalStateException("/usr/bin/" + tool + " is missing: install it with "
                    + "'apt-get install " + debianPackage + "'");
        }
    }

    /** {@code wrk -t min(c,2) -c c -d <seconds>s --latency} with the headers given, against the URL. */
    static WrkResult wrk(String url, int connections, int seconds, List<String> headers) throws IOException,
            InterruptedException {
        var command = new ArrayList<>(List.of("/usr/bin/wrk", "-t", String.valueOf(Math.min(connections, 2)), "-c",
                String.valueOf(connections), "-d", seconds + "s", "--latency", "--timeout", "10s"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add(url);
        String output = run(command, seconds + 60);
        return new WrkResult(number(WRK_RATE, output), (long) number(WRK_COUNT, output), percentile(output, "50"),
                percentile(output, "99"), optionalNumber(WRK_NON_2XX, output).orElse(0.0).longValue(),
                socketErrors(output), output);
    }

    /** {@code pgbench -n -M prepared -f script -c c -j min(c,2) -T seconds} against the database. */
    static PgbenchResult pgbench(Path script, int port, String database, int clients, int seconds)
            throws IOException, InterruptedException {
        String output = run(List.of("/usr/bin/pgbench", "-n", "-M", "prepared", "-f", script.toString(), "-c",
                String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds),
                "-h", "localhost", "-p", String.valueOf(port), "-U", "postgres", database), seconds + 60);
        return new PgbenchResult(number(PGBENCH_TPS, output), (long) number(PGBENCH_COUNT, output),
                number(PGBENCH_LATENCY, output), optionalNumber(PGBENCH_FAILED, output).orElse(0.0).longValue(), output);
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                    + text);
        }
        return text;
    }

    private static double percentile(String output, String percent) {
        Matcher matcher = WRK_PERCENTILE.matcher(output);
        while (matcher.find()) {
            if (matcher.group(1).equals(percent)) {
                double value = Double.parseDouble(matcher.group(2));
                return switch (matcher.group(3)) {
                    case "us" -> value / 1000;
                    case "s" -> value * 1000;
                    default -> value;
                };
            }
        }
        throw new IllegalStateException("No " + percent + "% line in wrk's output:\n" + output);
    }

    private static long socketErrors(String output) {
        Matcher matcher = WRK_SOCKET.matcher(output);
        if (!matcher.find()) {
            return 0;
        }
        long sum = 0;
        for (int group = 1; group <= 4; group++) {
            sum += Long.parseLong(matcher.group(group));
        }
        return sum;
    }

    private static double number(Pattern pattern, String output) {
        return optionalNumber(pattern, output)
                .orElseThrow(() -> new IllegalStateException("No '" + pattern + "' in the output:\n" + output));
    }

    private static Optional<Double> optionalNumber(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    /**
     * CPU time used by a set of processes, from {@code /proc/<pid>/stat}: Slipway's JVM; PostgreSQL (the postmaster,
     * its live children, and the children it has reaped, so that backends which ended in between still count); and
     * the tools this JVM ran and waited for (wrk, pgbench), counted as this process's reaped children.
     */
    static final class CpuMeter {

        record Sample(double slipwaySeconds, double postgresSeconds, double clientSeconds, long nanos) {

            Sample minus(Sample before) {
                return new Sample(slipwaySeconds - before.slipwaySeconds, postgresSeconds - before.postgresSeconds,
                        clientSeconds - before.clientSeconds, nanos - before.nanos);
            }

            /** The share of the machine's cores busy in this span, 0–1. */
            double busy() {
                double seconds = nanos / 1e9;
                return (slipwaySeconds + postgresSeconds + clientSeconds)
                        / (seconds * Runtime.getRuntime().availableProcessors());
            }
        }

        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on Linux

        private final long slipwayPid;
        private final long postmasterPid;

        CpuMeter(long slipwayPid, long postmasterPid) {
            this.slipwayPid = slipwayPid;
            this.postmasterPid = postmasterPid;
        }

        Sample sample() {
            return sample(System.nanoTime());
        }

        /**
         * A sample for a span that ended now, read half a second later: backends whose client has just gone exit
         * in that time and are reaped by the postmaster (an exited backend not yet reaped shows no CPU time at all).
         */
        Sample sampleSettled() throws InterruptedException {
            long now = System.nanoTime();
            Thread.sleep(500);
            return sample(now);
        }

        private Sample sample(long nanos) {
            double postgres = ticks(postmasterPid, true);
            for (ProcessHandle child : ProcessHandle.of(postmasterPid).map(p -> p.children().toList())
                    .orElse(List.of())) {
                postgres += ticks(child.pid(), false);
            }
            long self = ProcessHandle.current().pid();
            double client = ticks(self, true) - ticks(self, false);
            return new Sample(ticks(slipwayPid, false) / TICKS_PER_SECOND, postgres / TICKS_PER_SECOND,
                    client / TICKS_PER_SECOND, nanos);
        }

        /** utime + stime, and with {@code reapedChildren} also cutime + cstime, in clock ticks. */
        private static double ticks(long pid, boolean reapedChildren) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                // The command name, in parentheses, may hold spaces: count fields after its closing parenthesis.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
                double ticks = Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
                if (reapedChildren) {
                    ticks += Double.parseDouble(fields[13]) + Double.parseDouble(fields[14]);
                }
                return ticks;
            } catch (IOException | RuntimeException e) {
                return 0; // the process ended in between
            }
        }
    }

    /**
     * CPU time per thread of a process, summed by thread name with the numbers taken out ("http-nio-exec",
     * "C2 CompilerThread", "G1 Conc#"), from {@code /proc/<pid>/task/*}: to tell request work from the JIT, the
     * garbage collector and background jobs.
     */
    static Map<String, Double> threadSeconds(long pid) {
        var seconds = new TreeMap<String, Double>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double ticks = Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
                    seconds.merge(name, ticks / 100.0, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended in between
                }
            }
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    /** The threads that used the most CPU between two {@link #threadSeconds} readings, as "name 1.2 s, …". */
    static String topThreads(Map<String, Double> before, Map<String, Double> after, int count) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(count)
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The load average now (1, 5, 15 minutes), as {@code /proc/loadavg} gives it. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.format(Locale.ROOT, "%s / %s / %s", parts[0], parts[1], parts[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
