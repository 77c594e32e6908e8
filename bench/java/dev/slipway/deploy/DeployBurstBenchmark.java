package dev.slipway.deploy;

import dev.slipway.bench.BenchOutput;
import dev.slipway.bench.BenchSummary;
import dev.slipway.bench.Machine;
import dev.slipway.bench.SlipwayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A burst of deployments: Slipway in a JVM of its own (sandbox cluster, rollouts of 3 s), 100 services with 5
 * releases each, and 500 deployments — each service's 5 releases to one environment — POSTed at once from 16 client
 * threads. Measures the time from the first POST to the last deployment ended, how many succeeded, the queue wait
 * (startedAt − createdAt) and the rollout (finishedAt − startedAt), and the Slipway process's peak RSS, threads
 * (sampled from {@code /proc/<pid>/status} every 100 ms) and heap (its GC log). The ideal is 5 rounds of one
 * rollout each: every service's 5 deployments one after another, the 100 services in parallel.
 * Run with {@code bench/deploy-burst.sh}; results also go to {@code target/bench/deploy-burst.md}.
 */
public final class DeployBurstBenchmark {

    private static final int SERVICES = 100;
    private static final int RELEASES = 5;
    private static final int CLIENTS = 16;
    private static final Duration ROLLOUT = Duration.ofSeconds(3);
    private static final String HEAP = "1g";

    private DeployBurstBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        String report;
        boolean met;
        try (SlipwayProcess slipway = SlipwayProcess.start(HEAP, "--slipway.deploy.sandbox.rollout-time=" + ROLLOUT.toSeconds() + "s")) {
            var jdbc = JdbcClient.create(slipway.dataSource());
            Machine machine = Machine.describe(slipway.dataSource());
            seed(jdbc);
            var api = new DeployApi(slipway.port(), SlipwayProcess.ADMIN, SlipwayProcess.ADMIN_PASSWORD);
            // One deployment not measured, so that the first of the burst does not pay for class loading and the watch.
            long warm = api.deploy("warm-up", "burst", "1.0.0").id();
            if (!api.await(warm, Duration.ofSeconds(60)).state().equals("SUCCEEDED")) {
                throw new IllegalStateException("The warm-up deployment did not succeed:\n" + slipway.logTail());
            }
            String loadBefore = DeployApi.loadAverage();

            var sampler = new ProcessSampler(slipway.pid());
            long gcMark = slipway.gcLogMark();
            sampler.start();
            // Round by round (every service's 1.0.0, then every 1.0.1, …), handed to 16 threads at once.
            var tasks = new ArrayList<String[]>();
            for (int release = 0; release < RELEASES; release++) {
                for (int service = 0; service < SERVICES; service++) {
                    tasks.add(new String[] {"burst-" + service, "1.0." + release});
                }
            }
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            double[] postMillis = new double[tasks.size()];
            Instant first = Instant.now();
            long firstNanos = System.nanoTime();
            var sent = new ArrayList<Future<?>>();
            for (int i = 0; i < tasks.size(); i++) {
                int index = i;
                sent.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    api.deploy(tasks.get(index)[0], "burst", tasks.get(index)[1]);
                    postMillis[index] = (System.nanoTime() - start) / 1e6;
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            double allPostedSeconds = (System.nanoTime() - firstNanos) / 1e9;
            clients.shutdown();

            List<DeployApi.Item> items;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (true) {
                items = api.list(null, "burst").stream().filter(item -> item.service().startsWith("burst-")).toList();
                if (items.size() == tasks.size() && items.stream().allMatch(DeployApi.Item::ended)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Not all deployments ended within 10 minutes:\n" + slipway.logTail());
                }
                Thread.sleep(200);
            }
            double observedSeconds = (System.nanoTime() - firstNanos) / 1e9;
            sampler.stop();
            long peakHeap = slipway.peakHeapSince(gcMark);
            int collections = slipway.collectionsSince(gcMark);
            String loadAfter = DeployApi.loadAverage();

            Instant last = items.stream().map(DeployApi.Item::finishedAt).max(Instant::compareTo).orElseThrow();
            double totalSeconds = Duration.between(first, last).toMillis() / 1000.0;
            long succeeded = items.stream().filter(item -> item.state().equals("SUCCEEDED")).count();
            double[] queueWait = items.stream().mapToDouble(item -> millis(item.createdAt(), item.startedAt())).toArray();
            double[] rollout = items.stream().mapToDouble(item -> millis(item.startedAt(), item.finishedAt())).toArray();
            int peakUnderway = peakConcurrency(items);
            double ideal = RELEASES * ROLLOUT.toMillis() / 1000.0;
            met = succeeded == tasks.size() && totalSeconds <= 2 * ideal;

            var md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "Machine: %s; load average before %s, after %s; %s; Slipway -Xmx%s%n%n",
                    machine, loadBefore, loadAfter, LocalDate.now(), HEAP));
            md.append("| figure | value |\n|---|---:|\n");
            md.append(row("deployments (services × releases, one environment)", SERVICES + " × " + RELEASES + " = "
                    + tasks.size()));
            md.append(row("all 500 POSTed (16 client threads)", String.format(Locale.ROOT, "%.2f s", allPostedSeconds)));
            md.append(row("POST round trip during the burst p50 / p99", String.format(Locale.ROOT, "%.0f / %.0f ms",
                    DeployApi.percentile(postMillis, 50), DeployApi.percentile(postMillis, 99))));
            md.append(row("first POST → last deployment ended (its finishedAt)", String.format(Locale.ROOT, "%.1f s",
                    totalSeconds)));
            md.append(row("first POST → the client saw all ended (polling the list every 200 ms)",
                    String.format(Locale.ROOT, "%.1f s", observedSeconds)));
            md.append(row("deployments/s", String.format(Locale.ROOT, "%.1f", tasks.size() / totalSeconds)));
            md.append(row("SUCCEEDED", succeeded + " of " + tasks.size()));
            md.append(row("queue wait (startedAt − createdAt) p50 / p99 / max", String.format(Locale.ROOT,
                    "%.2f / %.2f / %.2f s", DeployApi.percentile(queueWait, 50) / 1000,
                    DeployApi.percentile(queueWait, 99) / 1000, DeployApi.percentile(queueWait, 100) / 1000)));
            md.append(row("rollout (finishedAt − startedAt) p50 / p99 / max", String.format(Locale.ROOT,
                    "%.2f / %.2f / %.2f s", DeployApi.percentile(rollout, 50) / 1000,
                    DeployApi.percentile(rollout, 99) / 1000, DeployApi.percentile(rollout, 100) / 1000)));
            md.append(row("most deployments underway at once", String.valueOf(peakUnderway)));
            md.append(row("Slipway peak RSS (VmRSS sampled / VmHWM)", String.format(Locale.ROOT, "%d / %d MiB",
                    sampler.peakRssKiB / 1024, sampler.hwmKiB / 1024)));
            md.append(row("Slipway peak heap in use (GC log, " + collections + " collections)",
                    String.format(Locale.ROOT, "%d MiB", peakHeap >> 20)));
            md.append(row("Slipway threads: before / peak", sampler.firstThreads + " / " + sampler.peakThreads));
            md.append(row("ideal: " + RELEASES + " rounds × " + ROLLOUT.toSeconds() + " s rollout",
                    String.format(Locale.ROOT, "%.0f s", ideal)));
            md.append(row("measured / ideal", String.format(Locale.ROOT, "%.2f×", totalSeconds / ideal)));
            md.append(String.format(Locale.ROOT, "%nGoal (all SUCCEEDED, within 2× the ideal of %.0f s): %s%n", ideal,
                    met ? "met" : "NOT MET"));
            report = md.toString();
            BenchSummary.of(outputDir, "deploy-burst")
                    .goal("Deploy burst of " + tasks.size(), "all SUCCEEDED within 2× the ideal (" + Math.round(ideal)
                            + " s)", String.format(Locale.ROOT, "%d of %d in %.1f s (%.1f×, %.1f/s)", succeeded,
                            tasks.size(), totalSeconds, totalSeconds / ideal, tasks.size() / totalSeconds), met)
                    .write();
            // The load benchmark predicts how fast its backlog drains from this rate.
            Files.createDirectories(outputDir);
            Files.writeString(outputDir.resolve("deploy-burst.rate"), String.format(Locale.ROOT, "%.3f%n",
                    tasks.size() / totalSeconds));
        }
        BenchOutput.publish(outputDir, "deploy-burst.md", report, met);
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static double millis(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    /** The most deployments that were started and not yet ended at the same moment. */
    private static int peakConcurrency(List<DeployApi.Item> items) {
        var edges = new ArrayList<long[]>();
        for (var item : items) {
            if (item.startedAt() != null && item.finishedAt() != null) {
                edges.add(new long[] {item.startedAt().toEpochMilli() * 1000, 1});
                edges.add(new long[] {item.finishedAt().toEpochMilli() * 1000, -1});
            }
        }
        Collections.sort(edges, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int peak = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }

    private static void seed(JdbcClient jdbc) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('burst', 'Burst', now(), now())").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at,
                    updated_at, promotion_required)
                values ('burst', 'Burst', false, 1, 'default', '{team}-{env}', now(), now(), false)""").update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'burst-' || n, 'Burst ' || n, t.id, 'PRODUCTION', 'registry.example.com/burst/burst-' || n,
                    now(), now()
                from generate_series(0, ?) n, team t where t.slug = 'burst'""").param(SERVICES - 1).update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'warm-up', 'Warm-up', t.id, 'PRODUCTION', 'registry.example.com/burst/warm-up', now(), now()
                from team t where t.slug = 'burst'""").update();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select s.id, '1.0.' || r, s.image_repository || ':1.0.' || r, 'bench', now()
                from service s, generate_series(0, ?) r where s.slug like 'burst-%' or s.slug = 'warm-up'""")
                .param(RELEASES - 1).update();
    }

    /** Samples VmRSS, VmHWM and Threads of a process from {@code /proc/<pid>/status} every 100 ms. */
    private static final class ProcessSampler {

        private final Path status;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;
        volatile long peakRssKiB;
        volatile long hwmKiB;
        volatile int peakThreads;
        volatile int firstThreads = -1;

        ProcessSampler(long pid) {
            this.status = Path.of("/proc", String.valueOf(pid), "status");
        }

        void start() {
            sample();
            thread = new Thread(() -> {
                while (running.get()) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "proc-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            sample();
        }

        private void sample() {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        peakRssKiB = Math.max(peakRssKiB, kib(line));
                    } else if (line.startsWith("VmHWM:")) {
                        hwmKiB = Math.max(hwmKiB, kib(line));
                    } else if (line.startsWith("Threads:")) {
                        int threads = Integer.parseInt(line.substring(8).strip());
                        if (firstThreads < 0) {
                            firstThreads = threads;
                        }
                        peakThreads = Math.max(peakThreads, threads);
                    }
                }
            } catch (IOException e) {
                // the process ended: keep what was sampled
            }
        }

        private static long kib(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }
}
