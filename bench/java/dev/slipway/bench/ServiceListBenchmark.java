package dev.slipway.bench;

import dev.slipway.SlipwayApplication;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.UserDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Times the services list with 20,000 services: the portal page, its htmx live search, filters and
 * deep pages, and the API list. Slipway runs in this JVM on a fresh embedded PostgreSQL, and every
 * request goes over HTTP as a browser's or a script's would.
 *
 * <p>Run with {@code ./mvnw -q -Pbench test-compile exec:java} or {@code bench/services-list.sh}.
 * Prints a Markdown table, also written to {@code target/bench/services-list.md}, and exits with 1
 * when a scenario's p99 is above {@value #GOAL_MILLIS} ms. With {@code --explain} it times nothing
 * and prints instead the plan of every query each scenario sends, to
 * {@code target/bench/services-list-plans.md} as well.
 */
public final class ServiceListBenchmark {

    static final int GOAL_MILLIS = 100;
    private static final String BENCH_USER = "bench-reader";
    private static final String BENCH_PASSWORD = "benchmark-password";
    private static final int WARM_UP_ROUNDS = 40;
    private static final int REQUESTS_PER_SCENARIO = 300;

    private ServiceListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean explain = List.of(args).contains("--explain");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        Path dataDir = Files.createTempDirectory("slipway-bench-");
        // Also on Ctrl-C, when Spring runs its shutdown handlers once PostgreSQL has stopped.
        SpringApplication.getShutdownHandlers().add(() -> deleteRecursively(dataDir));
        boolean goalMet;
        try {
            goalMet = run(explain, dataDir, outputDir);
        } finally {
            deleteRecursively(dataDir);
        }
        if (!goalMet) {
            System.exit(1); // everything is printed and closed by now; the status is for scripts and CI
        }
    }

    private static boolean run(boolean explain, Path dataDir, Path outputDir) throws Exception {
        StatementRecorder recorder = explain ? new StatementRecorder() : null;
        try (ConfigurableApplicationContext slipway = start(dataDir, recorder)) {
            DataSource dataSource = slipway.getBean(DataSource.class);
            CatalogDataset dataset = CatalogDataset.generate();
            var loader = new CatalogLoader(dataSource);
            load(loader, dataset);
            int port = slipway.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            slipway.getBean(AccessPolicy.class).asSystem(() -> {
                slipway.getBean(UserDirectory.class).createPerson(
                        new NewUserRequest(BENCH_USER, "Benchmark", null, BENCH_PASSWORD,
                                Set.of(Role.DEVELOPER)));
            });
            var client = new SlipwayClient(port);
            client.signIn(BENCH_USER, BENCH_PASSWORD);
            List<Scenario> scenarios = ServiceListScenarios.all(dataset);
            if (explain) {
                publish(new QueryPlans(recorder, dataSource, client).explain(scenarios),
                        outputDir.resolve("services-list-plans.md"));
                return true;
            }
            warmUp(client, scenarios);
            Report report = report(measure(client, scenarios), loader, dataSource);
            publish(report.markdown(), outputDir.resolve("services-list.md"));
            Report.Row worst = report.rows().stream()
                    .max(Comparator.comparingDouble(row -> row.latencies().p99())).orElseThrow();
            BenchSummary.of(outputDir, "services-list")
                    .goal("Services list (portal and API), 20,000 services", "every p99 ≤ " + GOAL_MILLIS + " ms",
                            String.format(Locale.ENGLISH, "worst p99 %.1f ms (%s)", worst.latencies().p99(),
                                    worst.scenario().name()), report.meetsGoal())
                    .write();
            return report.meetsGoal();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, StatementRecorder recorder) {
        progress("Starting Slipway with an embedded PostgreSQL in " + dataDir);
        var application = new SpringApplication(SlipwayApplication.class);
        if (recorder != null) {
            application.addInitializers(context -> context.getBeanFactory().addBeanPostProcessor(recorder));
        }
        return application.run(
                "--server.port=0",
                "--slipway.data-dir=" + dataDir,
                "--slipway.demo.enabled=false",
                // Never the database SPRING_DATASOURCE_URL may name: the benchmark writes 20,000 services.
                "--spring.datasource.url=",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn");
    }

    private static void load(CatalogLoader loader, CatalogDataset dataset) throws Exception {
        long start = System.nanoTime();
        loader.load(dataset);
        progress(String.format(Locale.ENGLISH, "Loaded %d teams and %,d services with COPY in %d ms",
                dataset.teams().size(), dataset.services().size(), (System.nanoTime() - start) / 1_000_000));
    }

    /** Lets the JIT compile the request path before anything is timed. */
    private static void warmUp(SlipwayClient client, List<Scenario> scenarios) throws Exception {
        progress("Warming up with " + WARM_UP_ROUNDS * scenarios.size() + " requests");
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (Scenario scenario : scenarios) {
                client.timedGet(scenario.probe(round));
            }
        }
    }

    private static List<Report.Row> measure(SlipwayClient client, List<Scenario> scenarios) throws Exception {
        var rows = new ArrayList<Report.Row>();
        for (Scenario scenario : scenarios) {
            progress("Timing " + REQUESTS_PER_SCENARIO + " requests: " + scenario.name());
            var latencies = new Latencies(REQUESTS_PER_SCENARIO);
            for (int request = 0; request < REQUESTS_PER_SCENARIO; request++) {
                latencies.add(client.timedGet(scenario.probe(request)));
            }
            rows.add(new Report.Row(scenario, latencies.summary()));
        }
        return rows;
    }

    private static Report report(List<Report.Row> rows, CatalogLoader loader, DataSource dataSource) throws Exception {
        System.gc(); // so that the heap figure is what Slipway keeps, not garbage not yet collected
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Report(Instant.now(), Machine.describe(dataSource), rows, loader.rowCounts(), heap.getUsed(),
                heap.getMax());
    }

    private static void publish(String markdown, Path file) throws IOException {
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown);
        progress("Written to " + file);
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            progress("Could not delete " + dir + " (" + e.getMessage() + "); delete it by hand");
        }
    }
}
