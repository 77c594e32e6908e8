package dev.slipway.bench;

import dev.slipway.bench.LoadTools.CpuMeter;
import dev.slipway.bench.LoadTools.PgbenchResult;
import dev.slipway.bench.LoadTools.WrkResult;
import dev.slipway.bench.StatementLog.Logged;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's services list against PostgreSQL's own ceiling for the same queries, in the same run, on the same
 * machine: Slipway in its own JVM on a fresh embedded PostgreSQL with 20,000 services ({@link CatalogLoader}), an
 * API token minted as a script mints it, then at 1, 8 and 32 concurrent clients {@code wrk} against
 * {@code GET /api/v1/services?size=25}, and {@code pgbench} running the SQL that request sends — captured from
 * PostgreSQL's own statement log ({@link StatementLog}), with its parameters — against the same database.
 *
 * <p>Two pgbench scripts: the list's own queries (what the catalog runs for the page: the "two queries"),
 * which the goal is measured against, and every statement the request sends (token, actor, transactions), for
 * the reader. Goal: the API serves at least {@value #GOAL_RATIO}× the list queries' transactions a second, at every
 * concurrency. Beside each run, the CPU Slipway's JVM, PostgreSQL and the load tool used per request.
 *
 * <p>Run with {@code bench/services-list-ceiling.sh} ({@code --seconds 20 --clients 1,8,32 --heap 1g}); with
 * {@code --jfr} a further wrk run at 8 clients (not in the table) is recorded with Java Flight Recorder into
 * {@code target/bench/services-list-ceiling.jfr} and summarised. Results: stdout and
 * {@code target/bench/services-list-ceiling.md}; exits with 1 when the goal is missed.
 */
public final class ServiceListCeilingBenchmark {

    static final double GOAL_RATIO = 0.5;
    // Each concurrency of the series once, unmeasured, then until the JIT is done (awaitCompiled): a first run at one
    // client straight after a warm-up still found Slipway's JVM compiling (5 ms of CPU a request, against 1.2 ms when
    // run again later; its C2 compiler thread used more CPU than the request threads).
    private static final int WARM_UP_SECONDS = 20;
    private static final String NAME = "services-list-ceiling";
    private static final String PATH = "/api/v1/services?size=25";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CATALOG_QUERY = Pattern.compile("(?is).*\\bfrom\\s+service\\s+s\\b.*");
    /** Tables a services-list request reads: its token, the token's owner and memberships, and the catalog. */
    private static final Pattern REQUEST_TABLES = Pattern.compile(
            "(?i)\\b(api_token|app_user|team_membership|service|team|service_cost_tag)\\b");
    /** Tables of Slipway's background work (deployment queue, webhooks, scheduled jobs), which a read leaves be. */
    private static final Pattern BACKGROUND_TABLES = Pattern.compile("(?i)\\b(deployment|deployment_event|release|"
            + "drift_finding|webhook_delivery|webhook_attempt|webhook_endpoint|shedlock|audit_event|audit_checkpoint|"
            + "access_grant|access_request|cost_import|cost_recomputation|cost_budget|cost_alert|login_failure)\\b");

    record Run(int clients, WrkResult api, CpuMeter.Sample apiCpu, PgbenchResult list, CpuMeter.Sample listCpu,
            PgbenchResult all, CpuMeter.Sample allCpu, String load, String slipwayThreads) {

        double ratio() {
            return api.requestsPerSecond() / list.tps();
        }

        boolean met() {
            return ratio() >= GOAL_RATIO && api.errors() == 0;
        }
    }

    private ServiceListCeilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int seconds = (int) BenchOptions.longValue(options, "seconds", 20);
        List<Integer> clients = Arrays.stream(options.getOrDefault("clients", "1,8,32").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        boolean jfr = options.containsKey("jfr");
        String heap = options.getOrDefault("heap", "1g");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        LoadTools.requireInstalled("wrk", "wrk");
        LoadTools.requireInstalled("pgbench", "postgresql-client");

        String report;
        boolean met;
        // Spring's stacks are deeper than a flight recording's default 64 frames, which would cut off the frames
        // (Tomcat, the security filters) that tell which part of the request a sample belongs to.
        List<String> jvm = jfr ? List.of("-XX:FlightRecorderOptions=stackdepth=512") : List.of();
        try (SlipwayProcess slipway = SlipwayProcess.start(heap, jvm)) {
            DataSource dataSource = slipway.dataSource();
            Machine machine = Machine.describe(dataSource);
            var statementLog = new StatementLog(slipway);
            progress("Restarting PostgreSQL with its logging collector on, to read the statements a request sends");
            statementLog.prepare();
            var dataset = CatalogDataset.generate();
            new CatalogLoader(dataSource).load(dataset);
            // As autovacuum would soon after a bulk load: without it, count(*) costs twice as much until autovacuum
            // happens to pass, and the figures depend on whether it did.
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("vacuum (analyze) team, service, service_cost_tag");
            }
            progress("Loaded " + dataset.services().size() + " services");
            String base = "http://localhost:" + slipway.port();
            String token = new SlipwayClient(slipway.port()).mintToken(SlipwayProcess.ADMIN,
                    SlipwayProcess.ADMIN_PASSWORD, "catalog:read");
            List<String> headers = List.of("Authorization: Bearer " + token, "Accept: application/json");
            check(base, token, dataset.services().size());

            for (int c : clients) {
                progress("Warming up: wrk at " + c + " clients for " + WARM_UP_SECONDS + " s");
                LoadTools.wrk(base + PATH, c, WARM_UP_SECONDS, headers);
            }
            awaitCompiled(slipway.pid(), base + PATH, headers);

            progress("Capturing the statements of one request from PostgreSQL's log");
            List<Logged> captured = statementLog.capture(() -> check(base, token, dataset.services().size()));
            Files.createDirectories(outputDir);
            Files.write(outputDir.resolve(NAME + "-statements.log"), statementLog.raw());
            List<Logged> listQueries = captured.stream().filter(s -> CATALOG_QUERY.matcher(s.sql()).matches()).toList();
            List<Logged> requestStatements = requestStatements(captured);
            if (listQueries.isEmpty()) {
                throw new IllegalStateException("No catalog query in the captured statements: " + captured);
            }
            Path listScript = outputDir.resolve(NAME + "-list.sql");
            Path allScript = outputDir.resolve(NAME + "-request.sql");
            Files.createDirectories(outputDir);
            Files.writeString(listScript, pgbenchScript(listQueries));
            Files.writeString(allScript, pgbenchScript(requestStatements));

            var meter = new CpuMeter(slipway.pid(), postmasterPid(dataSource));
            progress("Slipway at rest for 5 s");
            var restBefore = meter.sample();
            Thread.sleep(5000);
            var rest = meter.sample().minus(restBefore);
            String database = URI.create(slipway.jdbcUrl().substring("jdbc:".length())).getPath().substring(1);
            var runs = new ArrayList<Run>();
            for (int c : clients) {
                String load = LoadTools.loadAverage();
                progress("wrk at " + c + " clients for " + seconds + " s (load " + load + ")");
                var threadsBefore = LoadTools.threadSeconds(slipway.pid());
                var before = meter.sample();
                WrkResult api = LoadTools.wrk(base + PATH, c, seconds, headers);
                var apiCpu = meter.sampleSettled().minus(before);
                String threads = LoadTools.topThreads(threadsBefore, LoadTools.threadSeconds(slipway.pid()), 5);
                progress(String.format(Locale.ROOT, "  %.1f req/s; pgbench, the list's queries", api.requestsPerSecond()));
                before = meter.sample();
                PgbenchResult list = LoadTools.pgbench(listScript, slipway.postgresPort(), database, c, seconds);
                var listCpu = meter.sampleSettled().minus(before);
                progress(String.format(Locale.ROOT, "  %.1f tps; pgbench, every statement of the request", list.tps()));
                before = meter.sample();
                PgbenchResult all = LoadTools.pgbench(allScript, slipway.postgresPort(), database, c, seconds);
                var allCpu = meter.sampleSettled().minus(before);
                runs.add(new Run(c, api, apiCpu, list, listCpu, all, allCpu, load, threads));
            }
            // Each of the list's queries alone, at one client: where PostgreSQL's time for the list goes.
            var alone = new ArrayList<PgbenchResult>();
            for (int i = 0; i < listQueries.size(); i++) {
                Path script = outputDir.resolve(NAME + "-list-" + (i + 1) + ".sql");
                Files.writeString(script, pgbenchScript(List.of(listQueries.get(i))));
                progress("pgbench, the list's query " + (i + 1) + " alone, 1 client, 10 s");
                alone.add(LoadTools.pgbench(script, slipway.postgresPort(), database, 1, 10));
            }
            String profile = jfr ? profile(slipway, base + PATH, headers, seconds, outputDir) : null;
            met = runs.stream().allMatch(Run::met);
            report = report(machine, slipway, rest, runs, captured, listQueries, requestStatements, alone, profile,
                    met);
            var summary = BenchSummary.of(outputDir, NAME);
            summary.goal("Services list vs PostgreSQL's ceiling", "API req/s ≥ " + GOAL_RATIO + "× pgbench tps of the "
                    + "list's queries at " + clients.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " clients", runs.stream().map(r -> String.format(Locale.ROOT, "%.2f× (%.0f req/s)", r.ratio(),
                            r.api().requestsPerSecond())).collect(Collectors.joining(" / ")), met);
            summary.write();
        }
        BenchOutput.publish(outputDir, NAME + ".md", report, met);
    }

    private static String report(Machine machine, SlipwayProcess slipway, CpuMeter.Sample rest, List<Run> runs, List<Logged> captured,
            List<Logged> listQueries, List<Logged> requestStatements, List<PgbenchResult> alone, String profile,
            boolean met) {
        var md = new StringBuilder();
        md.append("Services list vs PostgreSQL's ceiling, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append("\n\nMachine: ").append(machine).append("; Slipway -Xmx").append(slipway.maxHeap())
                .append("; wrk and pgbench on the same machine.\n\n");
        md.append("`GET ").append(PATH).append("` with 20,000 services, wrk `-t min(c,2) -c c`; pgbench `-M prepared -c c "
                + "-j min(c,2)` on the same database; each run ").append(runs.isEmpty() ? 0
                        : Math.round(runs.get(0).api().requests() / runs.get(0).api().requestsPerSecond()))
                .append(" s.\n\n");
        md.append("| clients | load (1/5/15 min) | API req/s | API p50 ms | API p99 ms | API errors | pgbench tps, "
                + "list's queries | API / pgbench | goal ≥ " + GOAL_RATIO + "× | pgbench tps, every statement of the "
                + "request | API / that |\n|--:|---|--:|--:|--:|--:|--:|--:|:-:|--:|--:|\n");
        for (Run run : runs) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %d | %.0f | **%.2f×** | %s | %.0f | "
                            + "%.2f× |%n", run.clients(), run.load(), run.api().requestsPerSecond(), run.api().p50(),
                    run.api().p99(), run.api().errors(), run.list().tps(), run.ratio(), run.met() ? "met" : "not met",
                    run.all().tps(), run.api().requestsPerSecond() / run.all().tps()));
        }
        md.append(String.format(Locale.ROOT, "%nAt rest, before the runs (5 s): Slipway's JVM used %.0f %% of a core, "
                + "PostgreSQL %.0f %%.%n", 100 * rest.slipwaySeconds() / (rest.nanos() / 1e9),
                100 * rest.postgresSeconds() / (rest.nanos() / 1e9)));
        md.append("\nCPU per request or transaction, ms (Slipway's JVM / PostgreSQL / the load tool), and how busy the "
                + "machine's cores were:\n\n| clients | API: Slipway / PostgreSQL / wrk | busy | pgbench, list's queries: "
                + "PostgreSQL / pgbench | busy | pgbench, every statement: PostgreSQL / pgbench | busy |\n"
                + "|--:|---|--:|---|--:|---|--:|\n");
        for (Run run : runs) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.0f %% | %s | %.0f %% | %s | %.0f %% |%n", run.clients(),
                    perRequest(run.apiCpu(), run.api().requests(), true), 100 * run.apiCpu().busy(),
                    perRequest(run.listCpu(), run.list().transactions(), false), 100 * run.listCpu().busy(),
                    perRequest(run.allCpu(), run.all().transactions(), false), 100 * run.allCpu().busy()));
        }
        md.append("\nSlipway's threads that used the most CPU during each API run:\n\n");
        for (Run run : runs) {
            md.append("- ").append(run.clients()).append(" clients: ").append(run.slipwayThreads()).append('\n');
        }
        md.append("\nStatements PostgreSQL logged while one request was answered (backend pid, first words): ◆ the "
                + "list's queries, ● the request's other statements (both in the second pgbench script; an empty "
                + "statement is the pool's connection check, which pgbench cannot send), unmarked: Slipway's "
                + "background work at that moment.\n\n");
        for (Logged statement : captured) {
            md.append(String.format(Locale.ROOT, "- %s[%d] `%s`%s%n", containsSame(listQueries, statement) ? "◆ "
                            : containsSame(requestStatements, statement) ? "● " : "",
                    statement.backend(), statement.opening(110).replace("`", "'"),
                    statement.parameters().isEmpty() ? "" : " " + statement.parameters()));
        }
        md.append("\nEach of the list's queries alone (pgbench, 1 client, 10 s):\n\n");
        for (int i = 0; i < alone.size(); i++) {
            md.append(String.format(Locale.ROOT, "- `%s`: %.3f ms (%.0f tps)%n", listQueries.get(i).opening(60),
                    alone.get(i).latencyAverageMillis(), alone.get(i).tps()));
        }
        md.append(String.format(Locale.ROOT, "%nGoal (API ≥ %.1f× pgbench of the list's queries, no errors, at every "
                + "concurrency): %s%n", GOAL_RATIO, met ? "met" : "NOT MET"));
        if (profile != null) {
            md.append("\n### Profile (Java Flight Recorder, Slipway's JVM, a further wrk run at 8 clients)\n\n")
                    .append(profile);
        }
        return md.toString();
    }

    private static boolean containsSame(List<Logged> statements, Logged statement) {
        return statements.stream().anyMatch(s -> s == statement);
    }

    private static String perRequest(CpuMeter.Sample cpu, long count, boolean withSlipway) {
        double n = Math.max(1, count);
        return withSlipway
                ? String.format(Locale.ROOT, "%.2f / %.2f / %.2f", 1000 * cpu.slipwaySeconds() / n,
                        1000 * cpu.postgresSeconds() / n, 1000 * cpu.clientSeconds() / n)
                : String.format(Locale.ROOT, "%.2f / %.2f", 1000 * cpu.postgresSeconds() / n,
                        1000 * cpu.clientSeconds() / n);
    }

    /**
     * The statements that belong to the request: per backend, each transaction (BEGIN … COMMIT) or statement outside
     * one that reads the tables a services-list request reads and none of Slipway's background tables. Empty
     * statements (the pool's connection check) are left out: pgbench cannot send them.
     */
    static List<Logged> requestStatements(List<Logged> captured) {
        var kept = new ArrayList<Logged>();
        var byBackend = new LinkedHashMap<Integer, List<Logged>>();
        captured.forEach(s -> byBackend.computeIfAbsent(s.backend(), b -> new ArrayList<>()).add(s));
        for (List<Logged> statements : byBackend.values()) {
            var unit = new ArrayList<Logged>();
            boolean inTransaction = false;
            for (Logged statement : statements) {
                String word = statement.sql().strip().toLowerCase(Locale.ROOT);
                if (word.isEmpty()) {
                    continue;
                }
                unit.add(statement);
                if (word.startsWith("begin") || word.startsWith("start transaction")) {
                    inTransaction = true;
                } else if (word.startsWith("commit") || word.startsWith("rollback")) {
                    inTransaction = false;
                }
                if (!inTransaction) {
                    boolean request = unit.stream().anyMatch(s -> REQUEST_TABLES.matcher(s.sql()).find())
                            && unit.stream().noneMatch(s -> BACKGROUND_TABLES.matcher(s.sql()).find());
                    if (request) {
                        kept.addAll(unit);
                    }
                    unit.clear();
                }
            }
        }
        // In the order logged; by identity, as two statements may be alike (COMMIT)
        var keptSet = Collections.newSetFromMap(new IdentityHashMap<Logged, Boolean>());
        keptSet.addAll(kept);
        return captured.stream().filter(keptSet::contains).toList();
    }

    /**
     * A pgbench script of the statements, in order: integer parameters become pgbench variables (so that
     * {@code -M prepared} binds them, as the JDBC driver does), other values are written in as literals.
     */
    static String pgbenchScript(List<Logged> statements) {
        var script = new StringBuilder("-- Captured from PostgreSQL's statement log by ServiceListCeilingBenchmark\n");
        int index = 0;
        for (Logged statement : statements) {
            index++;
            String sql = statement.sql().strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            for (var parameter : statement.parameters().entrySet()) {
                String value = parameter.getValue();
                String replacement;
                if (value.matches("'-?\\d{1,18}'")) {
                    String variable = "s" + index + "p" + parameter.getKey();
                    script.append("\\set ").append(variable).append(' ').append(value, 1, value.length() - 1)
                            .append('\n');
                    replacement = ":" + variable;
                } else {
                    replacement = value;
                }
                sql = sql.replaceAll("\\$" + parameter.getKey() + "(?!\\d)", Matcher.quoteReplacement(
                        replacement));
            }
            script.append(sql).append(";\n");
        }
        return script.toString();
    }

    private static String profile(SlipwayProcess slipway, String url, List<String> headers, int seconds,
            Path outputDir) throws Exception {
        Path recording = outputDir.resolve(NAME + ".jfr").toAbsolutePath();
        Files.deleteIfExists(recording);
        jcmd(slipway.pid(), "JFR.start", "name=ceiling", "settings=profile");
        progress("Recording with JFR: wrk at 8 clients for " + seconds + " s");
        WrkResult result = LoadTools.wrk(url, 8, seconds, headers);
        jcmd(slipway.pid(), "JFR.dump", "name=ceiling", "filename=" + recording);
        jcmd(slipway.pid(), "JFR.stop", "name=ceiling");
        return String.format(Locale.ROOT, "Recorded run: %.0f req/s, p50 %.2f ms, p99 %.2f ms (the recording costs "
                        + "some of it). File: `%s`.%n%n", result.requestsPerSecond(), result.p50(), result.p99(),
                recording.getFileName()) + JfrProfile.summarize(recording, 30);
    }

    private static void jcmd(long pid, String... arguments) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }

    /**
     * Keeps the load on (8 clients, 10 s at a time, at most 3 minutes) until the JIT's compiler threads use less
     * than a tenth of the CPU the request threads use: a first run with the compiler still busy measured a quarter
     * of the rate of a later run at the same concurrency.
     */
    private static void awaitCompiled(long pid, String url, List<String> headers) throws Exception {
        for (int round = 0; round < 18; round++) {
            var before = LoadTools.threadSeconds(pid);
            LoadTools.wrk(url, 8, 10, headers);
            var after = LoadTools.threadSeconds(pid);
            double compiler = delta(before, after, name -> name.contains("CompilerThre"));
            double requests = delta(before, after, name -> name.startsWith("http-nio"));
            progress(String.format(Locale.ROOT, "  JIT %.1f s, requests %.1f s of CPU in 10 s", compiler, requests));
            if (compiler < requests / 10) {
                return;
            }
        }
        progress("  the JIT was still busy after 3 minutes; measuring anyway");
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after,
            Predicate<String> threads) {
        return after.entrySet().stream().filter(e -> threads.test(e.getKey()))
                .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
    }

    private static long postmasterPid(DataSource dataSource) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var result = statement.executeQuery("select pg_backend_pid()")) {
            result.next();
            long backend = result.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("No postmaster above backend " + backend));
        }
    }

    /** One request, checked: 200, 25 items, and the total of the catalog. */
    private static Void check(String base, String token, int services) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + PATH))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        if (body == null || body.get("items").size() != 25 || body.get("totalItems").asLong() != services) {
            throw new IllegalStateException("Unexpected answer to GET " + PATH + ": " + response.statusCode() + " "
                    + response.body());
        }
        return null;
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
