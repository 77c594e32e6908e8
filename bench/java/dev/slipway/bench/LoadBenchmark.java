package dev.slipway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load: many API clients at once for a minute, mixing reads, releases and deployments, as a company's scripts and
 * pipelines would, against Slipway in its own JVM with the sandbox cluster (rollouts of 3 s, as in the burst
 * benchmark). Each of {@code --clients} (200) client loops owns one service and, after a think time (uniform around
 * {@code --think-ms}, 1 s), sends one request: mostly reads (the services list and one service, its releases, the
 * deployments of an environment and one deployment, the audit trail), some {@code POST} of a release with a new
 * version, some {@code POST /api/v1/deployments} of its latest release to one of two non-production environments
 * with an {@code Idempotency-Key} — a quarter of those sent again with the same key, half of them at the same
 * moment as the first, half after its answer, and each such retry must answer the same deployment.
 *
 * <p>Afterwards it waits until no deployment is queued or underway, and checks: every acknowledged deployment
 * exists exactly once and has ended; no Idempotency-Key has two deployments; the database holds no deployment of
 * these services that no client was told of; the audit chain verifies. It prints p50/p99 per kind of request, the
 * errors, the deployments acknowledged, and how long the queue took to drain after the load against what the burst
 * benchmark's rate predicts (the backlog at the end of the load divided by the burst's deployments per second,
 * taken from {@code target/bench/deploy-burst.rate} when the burst ran before, else the figure in BENCHMARKS.md).
 * Exits with 1 on any error, lost or duplicated deployment, a broken chain, or a drain slower than twice the
 * prediction. Run with {@code bench/load.sh}; results also go to {@code target/bench/load.md}.
 */
public final class LoadBenchmark {

    /** BENCHMARKS.md, "a burst of 500 deployments", run 3: 500 deployments in 84.6 s. */
    static final double DOCUMENTED_BURST_RATE = 500 / 84.6;
    private static final String NAME = "load";
    private static final Duration ROLLOUT = Duration.ofSeconds(3);
    private static final List<String> ENVIRONMENTS = List.of("load-dev", "load-test");
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Kind {
        LIST_SERVICES("GET /api/v1/services?size=25&page=…"),
        GET_SERVICE("GET /api/v1/services/{service}"),
        LIST_RELEASES("GET /api/v1/services/{service}/releases"),
        LIST_DEPLOYMENTS("GET /api/v1/deployments?environment=…"),
        GET_DEPLOYMENT("GET /api/v1/deployments/{id}"),
        LIST_AUDIT("GET /api/v1/audit?limit=50"),
        CREATE_RELEASE("POST /api/v1/services/{service}/releases"),
        CREATE_DEPLOYMENT("POST /api/v1/deployments (Idempotency-Key)"),
        RETRY_DEPLOYMENT("POST /api/v1/deployments, same key again");

        final String request;

        Kind(String request) {
            this.request = request;
        }
    }

    /** The figures of one kind of request. */
    private static final class Series {
        private final List<Long> nanos = new ArrayList<>();
        private int errors;

        synchronized void add(long elapsed, boolean ok) {
            nanos.add(elapsed);
            if (!ok) {
                errors++;
            }
        }

        synchronized double percentile(int p) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(rank, 1) - 1] / 1e6;
        }

        synchronized int count() {
            return nanos.size();
        }

        synchronized int errors() {
            return errors;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final List<String> tokens;
    private final int services;
    private final long thinkMillis;
    private final int readShare;
    private final int releaseShare;
    private final double retryShare;
    private final Map<Kind, Series> series = new EnumMap<>(Kind.class);
    /** Idempotency-Key → the deployment id the first answer named. */
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger retryMismatches = new AtomicInteger();
    private final AtomicInteger releasesCreated = new AtomicInteger();
    private final AtomicInteger releaseNumbers = new AtomicInteger();
    private final Map<String, String> errorSamples = new ConcurrentHashMap<>();
    private final AtomicLong errorCount = new AtomicLong();

    private LoadBenchmark(String base, List<String> tokens, int services, long thinkMillis, int readShare,
            int releaseShare, double retryShare) {
        this.base = base;
        this.tokens = tokens;
        this.services = services;
        this.thinkMillis = thinkMillis;
        this.readShare = readShare;
        this.releaseShare = releaseShare;
        this.retryShare = retryShare;
        for (Kind kind : Kind.values()) {
            series.put(kind, new Series());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int clients = (int) BenchOptions.longValue(options, "clients", 200);
        int seconds = (int) BenchOptions.longValue(options, "seconds", 60);
        long thinkMillis = BenchOptions.longValue(options, "think-ms", 1000);
        int readShare = (int) BenchOptions.longValue(options, "reads", 88);
        int releaseShare = (int) BenchOptions.longValue(options, "releases", 6);
        double retryShare = BenchOptions.longValue(options, "retry-percent", 25) / 100.0;
        String heap = options.getOrDefault("heap", "1g");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        Path burstRateFile = outputDir.resolve("deploy-burst.rate");
        double burstRate = Files.exists(burstRateFile) ? Double.parseDouble(Files.readString(burstRateFile).strip())
                : DOCUMENTED_BURST_RATE;
        String burstSource = Files.exists(burstRateFile) ? "this run's burst benchmark" : "BENCHMARKS.md (500 in 84.6 s)";

        String report;
        boolean met;
        try (SlipwayProcess slipway = SlipwayProcess.start(heap,
                "--slipway.deploy.sandbox.rollout-time=" + ROLLOUT.toSeconds() + "s")) {
            var jdbc = JdbcClient.create(slipway.dataSource());
            Machine machine = Machine.describe(slipway.dataSource());
            seed(jdbc, clients);
            String base = "http://localhost:" + slipway.port();
            var tokens = new ArrayList<String>();
            for (int i = 0; i < 10; i++) {
                tokens.add(new SlipwayClient(slipway.port()).mintToken(SlipwayProcess.ADMIN, SlipwayProcess.ADMIN_PASSWORD,
                        "catalog:read", "releases:write", "deployments:write", "audit:read"));
            }
            var load = new LoadBenchmark(base, tokens, clients, thinkMillis, readShare, releaseShare, retryShare);

            progress("Warming up: 20 clients for 15 s");
            load.run(20, Duration.ofSeconds(15));
            load.awaitDrained(jdbc, Duration.ofMinutes(5));
            load.reset();

            String loadBefore = LoadTools.loadAverage();
            progress("Load: " + clients + " clients for " + seconds + " s (load " + loadBefore + ")");
            long started = System.nanoTime();
            load.run(clients, Duration.ofSeconds(seconds));
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            String loadAfter = LoadTools.loadAverage();
            long backlog = unfinished(jdbc);
            progress("Load over; " + backlog + " deployments queued or underway; waiting for the queue to drain");
            long drainStart = System.nanoTime();
            load.awaitDrained(jdbc, Duration.ofMinutes(20));
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            double predicted = Math.max(ROLLOUT.toSeconds(), backlog / burstRate);

            var checks = load.verify(jdbc);
            JsonNode verification = load.auditVerify();
            boolean chainIntact = verification != null && verification.get("intact").asBoolean();
            long errors = load.errorCount.get();
            boolean drainMet = drainSeconds <= 2 * predicted;
            met = errors == 0 && checks.lost() == 0 && checks.duplicated() == 0 && checks.notFinal() == 0
                    && load.retryMismatches.get() == 0 && chainIntact && drainMet;

            report = load.report(machine, clients, seconds, loadSeconds, loadBefore, loadAfter, checks, backlog,
                    drainSeconds, predicted, burstRate, burstSource, verification, met);
            var summary = BenchSummary.of(outputDir, NAME);
            summary.goal("Load: " + clients + " clients, " + seconds + " s", "0 errors, 0 lost or duplicated "
                    + "deployments, audit chain intact", String.format(Locale.ROOT, "%d errors, %d lost, %d duplicated "
                    + "of %d deployments; chain %s", errors, checks.lost(), checks.duplicated(), checks.acknowledged(),
                    chainIntact ? "intact" : "BROKEN"), errors == 0 && checks.lost() == 0 && checks.duplicated() == 0
                    && checks.notFinal() == 0 && load.retryMismatches.get() == 0 && chainIntact);
            summary.goal("Load: queue drained", "within 2× the burst rate's prediction", String.format(Locale.ROOT,
                    "%.1f s for %d (predicted %.1f s)", drainSeconds, backlog, predicted), drainMet);
            summary.write();
        }
        BenchOutput.publish(outputDir, NAME + ".md", report, met);
    }

    /** The clients' loops, for the duration; returns when every loop has finished its last request. */
    private void run(int clients, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            int client = i;
            pool.submit(() -> loop(client, deadline));
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Clients still busy two minutes after the end of the load");
        }
    }

    private void reset() {
        for (Kind kind : Kind.values()) {
            series.put(kind, new Series());
        }
    }

    private void loop(int client, long deadline) {
        var random = ThreadLocalRandom.current();
        String service = "load-" + (client % services);
        String token = tokens.get(client % tokens.size());
        String version = "1.0.0";
        var mine = new ArrayList<Long>();
        // Spread the first requests over one think time, as clients that did not all start at the same instant.
        sleep(random.nextLong(Math.max(1, thinkMillis)));
        while (System.nanoTime() < deadline) {
            int dice = random.nextInt(100);
            try {
                if (dice < readShare) {
                    read(token, service, mine, random);
                } else if (dice < readShare + releaseShare) {
                    String next = "2." + client + "." + releaseNumbers.incrementAndGet(); // new in every run
                    if (send(Kind.CREATE_RELEASE, token, post("/api/v1/services/" + service + "/releases",
                            "{\"version\": \"" + next + "\"}", null), 201) != null) {
                        version = next;
                        releasesCreated.incrementAndGet();
                    }
                } else {
                    deploy(token, service, ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size())), version, mine,
                            random);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(random.nextLong(Math.max(1, 2 * thinkMillis)));
        }
    }

    private void read(String token, String service, List<Long> mine, ThreadLocalRandom random)
            throws InterruptedException {
        int dice = random.nextInt(100);
        if (dice < 25) {
            send(Kind.LIST_SERVICES, token, get("/api/v1/services?size=25&page=" + (1 + random.nextInt(8))), 200);
        } else if (dice < 40) {
            send(Kind.GET_SERVICE, token, get("/api/v1/services/load-" + random.nextInt(services)), 200);
        } else if (dice < 55) {
            send(Kind.LIST_RELEASES, token, get("/api/v1/services/" + service + "/releases?size=25"), 200);
        } else if (dice < 75) {
            send(Kind.LIST_DEPLOYMENTS, token, get("/api/v1/deployments?environment="
                    + ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size())) + "&size=25"), 200);
        } else if (dice < 90 && !(mine.isEmpty() && acknowledged.isEmpty())) {
            long id = mine.isEmpty() ? acknowledged.values().iterator().next() : mine.get(random.nextInt(mine.size()));
            send(Kind.GET_DEPLOYMENT, token, get("/api/v1/deployments/" + id), 200);
        } else {
            send(Kind.LIST_AUDIT, token, get("/api/v1/audit?limit=50"), 200);
        }
    }

    /** One deployment; a share of them sent again with the same key, at once or after the first answer. */
    private void deploy(String token, String service, String environment, String version, List<Long> mine,
            ThreadLocalRandom random) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        String body = "{\"service\": \"" + service + "\", \"environment\": \"" + environment + "\", \"version\": \""
                + version + "\", \"reason\": \"load\"}";
        boolean retry = random.nextDouble() < retryShare;
        boolean together = retry && random.nextBoolean();
        CompletableFuture<JsonNode> concurrent = together
                ? sendAsync(Kind.RETRY_DEPLOYMENT, token, post("/api/v1/deployments", body, key), 201) : null;
        JsonNode first = send(Kind.CREATE_DEPLOYMENT, token, post("/api/v1/deployments", body, key), 201);
        JsonNode second = together ? concurrent.join()
                : retry ? send(Kind.RETRY_DEPLOYMENT, token, post("/api/v1/deployments", body, key), 201) : null;
        if (first != null) {
            long id = first.get("id").asLong();
            Long earlier = acknowledged.putIfAbsent(key, id);
            if (earlier != null && earlier != id) {
                retryMismatches.incrementAndGet();
            }
            mine.add(id);
        }
        if (retry) {
            retries.incrementAndGet();
            if (second != null) {
                long id = second.get("id").asLong();
                Long earlier = acknowledged.putIfAbsent(key, id);
                if (earlier != null && earlier != id) {
                    retryMismatches.incrementAndGet();
                    note("retry answered deployment " + id + ", the first answer " + earlier);
                }
            }
        }
    }

    /** Sends, times and checks one request; the parsed answer, or null when it failed. */
    private JsonNode send(Kind kind, String token, HttpRequest.Builder request, int expected)
            throws InterruptedException {
        HttpRequest built = authorized(request, token);
        long start = System.nanoTime();
        try {
            return checked(kind, http.send(built, HttpResponse.BodyHandlers.ofString()), start, expected);
        } catch (IOException e) {
            return failed(kind, e, start);
        }
    }

    /** The same, without waiting: for a retry sent at the same moment as the first request. */
    private CompletableFuture<JsonNode> sendAsync(Kind kind, String token, HttpRequest.Builder request, int expected) {
        long start = System.nanoTime();
        return http.sendAsync(authorized(request, token), HttpResponse.BodyHandlers.ofString())
                .handle((response, e) -> e != null ? failed(kind, e, start) : checked(kind, response, start, expected));
    }

    private static HttpRequest authorized(HttpRequest.Builder request, String token) {
        return request.header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build();
    }

    private JsonNode checked(Kind kind, HttpResponse<String> response, long start, int expected) {
        long elapsed = System.nanoTime() - start;
        boolean ok = response.statusCode() == expected;
        series.get(kind).add(elapsed, ok);
        if (!ok) {
            errorCount.incrementAndGet();
            note(kind + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
            return null;
        }
        return JSON.readTree(response.body());
    }

    private JsonNode failed(Kind kind, Throwable e, long start) {
        series.get(kind).add(System.nanoTime() - start, false);
        errorCount.incrementAndGet();
        note(kind + " failed: " + e);
        return null;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private HttpRequest.Builder post(String path, String json, String idempotencyKey) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return idempotencyKey == null ? request : request.header("Idempotency-Key", idempotencyKey);
    }

    private void note(String error) {
        if (errorSamples.size() < 10) {
            errorSamples.putIfAbsent(error.replaceAll("\\d+", "#"), error);
        }
    }

    private void awaitDrained(JdbcClient jdbc, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (unfinished(jdbc) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Deployments still queued or underway after " + max);
            }
            Thread.sleep(200);
        }
    }

    private static long unfinished(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from deployment where state not in ('SUCCEEDED', 'FAILED', 'CANCELLED')")
                .query(Long.class).single();
    }

    record Checks(int acknowledged, int lost, int duplicated, int notFinal, long unacknowledged,
            Map<String, Long> states, Map<String, Long> failures) {
    }

    /** Every acknowledged deployment once and ended; one deployment per key; none that nobody was told of. */
    private Checks verify(JdbcClient jdbc) {
        Long[] ids = acknowledged.values().stream().distinct().toArray(Long[]::new);
        Map<Long, String> found = new LinkedHashMap<>();
        var rows = jdbc.sql("select id, state from deployment where id = any(?)")
                .param(ids).query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).list();
        rows.forEach(row -> found.merge(row.getKey(), row.getValue(), (a, b) -> a + "," + b));
        int lost = (int) Arrays.stream(ids).filter(id -> !found.containsKey(id)).count();
        int notFinal = (int) found.values().stream().filter(state -> !FINAL.contains(state)).count();
        int duplicatedKeys = jdbc.sql("""
                select count(*) from (select requested_by, idempotency_key from deployment
                where idempotency_key is not null group by 1, 2 having count(*) > 1) d""").query(Integer.class).single();
        long inDatabase = jdbc.sql("select count(*) from deployment where idempotency_key is not null")
                .query(Long.class).single();
        var states = new LinkedHashMap<String, Long>();
        jdbc.sql("select state, count(*) from deployment group by 1 order by 1")
                .query(rs -> {
                    states.put(rs.getString(1), rs.getLong(2));
                });
        var failures = new LinkedHashMap<String, Long>();
        jdbc.sql("""
                select coalesce(failure_reason, '(none given)'), count(*) from deployment where state = 'FAILED'
                group by 1 order by 2 desc limit 5""")
                .query(rs -> {
                    failures.put(rs.getString(1), rs.getLong(2));
                });
        // Two keys answered with the same id would be a duplicate the other way round.
        int sharedIds = acknowledged.size() - ids.length;
        return new Checks(ids.length, lost, duplicatedKeys + sharedIds, notFinal, inDatabase - ids.length, states,
                failures);
    }

    private JsonNode auditVerify() throws InterruptedException {
        try {
            var response = http.send(get("/api/v1/audit/verify").header("Authorization", "Bearer " + tokens.get(0))
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String report(Machine machine, int clients, int seconds, double loadSeconds, String loadBefore,
            String loadAfter, Checks checks, long backlog, double drainSeconds, double predicted, double burstRate,
            String burstSource, JsonNode verification, boolean met) {
        var md = new StringBuilder();
        md.append("Load, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\nMachine: ")
                .append(machine).append("; load average before ").append(loadBefore).append(", after ")
                .append(loadAfter).append(".\n\n");
        int total = series.values().stream().mapToInt(Series::count).sum();
        md.append(String.format(Locale.ROOT, "%d clients for %d s (%.1f s until the last answer), think time "
                        + "0–%d ms (uniform), %d requests (%.0f a second); sandbox rollouts of %d s.%n%n", clients,
                seconds, loadSeconds, 2 * thinkMillis, total, total / loadSeconds, ROLLOUT.toSeconds()));
        md.append("| kind | request | requests | errors | p50 ms | p99 ms |\n|---|---|--:|--:|--:|--:|\n");
        for (Kind kind : Kind.values()) {
            Series s = series.get(kind);
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %d | %.1f | %.1f |%n",
                    kind.name().toLowerCase(Locale.ROOT).replace('_', ' '), kind.request, s.count(), s.errors(),
                    s.percentile(50), s.percentile(99)));
        }
        md.append("\n| check | figure |\n|---|--:|\n");
        md.append(row("errors, warm-up included (any answer but the expected status, or none)",
                String.valueOf(errorCount.get())));
        md.append(row("releases created", String.valueOf(releasesCreated.get())));
        md.append(row("deployments acknowledged (warm-up included)", String.valueOf(checks.acknowledged())));
        md.append(row("… sent again with the same Idempotency-Key / answered another deployment",
                retries.get() + " / " + retryMismatches.get()));
        md.append(row("… lost (acknowledged, not in the database)", String.valueOf(checks.lost())));
        md.append(row("… duplicated (a key with two deployments, or two keys with one)",
                String.valueOf(checks.duplicated())));
        md.append(row("… not ended after the drain", String.valueOf(checks.notFinal())));
        md.append(row("deployments in the database nobody was told of (a request that failed after its insert)",
                String.valueOf(checks.unacknowledged())));
        md.append(row("states in the database", checks.states().toString()));
        checks.failures().forEach((reason, count) -> md.append(row("… failed: " + abbreviate(reason).replace("|", "\\|"),
                String.valueOf(count))));
        md.append(row("queued or underway when the load ended", String.valueOf(backlog)));
        md.append(row("… drained after", String.format(Locale.ROOT, "%.1f s", drainSeconds)));
        md.append(row("… predicted from " + burstSource + String.format(Locale.ROOT, ", %.2f/s", burstRate),
                String.format(Locale.ROOT, "%.1f s", predicted)));
        md.append(row("audit chain", verification == null ? "no answer"
                : verification.get("intact").asBoolean() ? "intact (" + verification.get("checked").asLong()
                        + " events)" : "BROKEN at " + verification.get("brokenAt")));
        if (!errorSamples.isEmpty()) {
            md.append("\nErrors, one of each kind:\n\n");
            errorSamples.values().forEach(error -> md.append("- ").append(error).append('\n'));
        }
        md.append(String.format(Locale.ROOT, "%nGoal (0 errors, 0 lost or duplicated deployments, every one ended, the "
                + "chain intact, drained within 2× the prediction): %s%n", met ? "met" : "NOT MET"));
        return md.toString();
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static void seed(JdbcClient jdbc, int services) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('load', 'Load', now(), now())").update();
        int position = 1;
        for (String environment : ENVIRONMENTS) {
            jdbc.sql("""
                    insert into environment (slug, name, production, position, cluster, namespace_template, created_at,
                        updated_at, promotion_required)
                    values (?, ?, false, ?, 'default', '{team}-{env}', now(), now(), false)""")
                    .params(environment, environment, position++).update();
        }
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'load-' || n, 'Load ' || n, t.id, 'PRODUCTION', 'registry.example.com/load/load-' || n,
                    now(), now()
                from generate_series(0, ?) n, team t where t.slug = 'load'""").param(services - 1).update();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select s.id, '1.0.0', s.image_repository || ':1.0.0', 'bench', now()
                from service s where s.slug like 'load-%'""").update();
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }
}
