package dev.slipway.deploy;

import dev.slipway.SlipwayApplication;
import dev.slipway.bench.BenchSummary;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.UserDirectory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Time from sending {@code POST /api/v1/deployments} to the Kubernetes Deployment existing on the API server (seen by
 * a watch), end to end, over 200 deployments, on the sandbox cluster, to a non-production environment and to a
 * production one (with a grant, checked at the request and again at the start), with the span split where the
 * deployment's own timestamps allow; and beside it, in the same run, {@code kubectl apply --server-side -f} of the
 * same manifest against the same API server, the hand-written pipeline's way. Run with {@code bench/deploy.sh}
 * ({@code --jfr} records it with Java Flight Recorder); results also go to {@code target/bench/deploy.md}.
 */
public final class DeployBenchmark {

    private static final int DEPLOYMENTS = 200;
    private static final int KUBECTL_RUNS = 30;

    private DeployBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("slipway-deploy-bench-");
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        String report;
        BenchSummary summary;
        try (ConfigurableApplicationContext slipway = new SpringApplication(SlipwayApplication.class).run(
                "--server.port=0", "--slipway.data-dir=" + dataDir, "--slipway.demo.enabled=false",
                "--logging.level.root=WARN", "--slipway.deploy.sandbox.rollout-time=300ms")) {
            int port = slipway.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            var jdbc = slipway.getBean(JdbcClient.class);
            var clusters = slipway.getBean(Clusters.class);
            seed(jdbc);
            slipway.getBean(AccessPolicy.class).asSystem(() -> {
                slipway.getBean(UserDirectory.class).createPerson(new NewUserRequest("bench-admin", "Bench", null,
                        "benchmark-password", Set.of(Role.ADMIN)));
            });
            grant(jdbc);
            var http = HttpClient.newHttpClient();
            String token = token(http, port);

            var client = clusters.client("default");
            warmUp(http, port, token, client);
            awaitQuiet(jdbc);
            // One at a time, as a pipeline deploys: the figure is the start-up of one deployment, not a backlog.
            // Production: the same, plus the grant check when the deployment is requested and again when it starts.
            // The two alternate, so that warm-up and background work fall on both alike.
            Series staging = new Series(DEPLOYMENTS);
            Series production = new Series(DEPLOYMENTS);
            try (var toStaging = new Probe(client, "bench-bench"); var toProduction = new Probe(client, "bench-bench-prod")) {
                for (int i = 0; i < DEPLOYMENTS; i++) {
                    toStaging.deploy(http, port, token, "svc-" + i, "bench", staging, i);
                    awaitQuiet(jdbc);
                    toProduction.deploy(http, port, token, "svc-" + i, "bench-prod", production, i);
                    awaitQuiet(jdbc);
                }
            }

            double[] kubectlMillis = kubectl(clusters.sandboxUrl(), jdbc);
            report = report(staging, production, kubectlMillis) + spans(jdbc, staging, "bench", "Non-production")
                    + spans(jdbc, production, "bench-prod", "Production");
            summary = summary(outputDir, staging, production, kubectlMillis);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println(report);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve("deploy.md"), report);
        summary.write();
    }

    /** One line per path for bench/run-all: end-to-end p50 against half of kubectl's, and p99 under 100 ms. */
    private static BenchSummary summary(Path outputDir, Series staging, Series production,
            double[] kubectl) {
        var summary = BenchSummary.of(outputDir, "deploy");
        for (var named : List.of(Map.entry("non-production", staging), Map.entry("production", production))) {
            double p50 = percentile(named.getValue().endToEndMillis(), 50);
            double p99 = percentile(named.getValue().endToEndMillis(), 99);
            if (kubectl.length == 0) {
                summary.goal("Deploy start, " + named.getKey(), "p50 ≤ 0.5× kubectl, p99 < 100 ms", String.format(
                        Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (no kubectl to compare)", p50, p99), false);
                continue;
            }
            double kubectlP50 = percentile(kubectl, 50);
            summary.goal("Deploy start, " + named.getKey(), "p50 ≤ 0.5× kubectl, p99 < 100 ms", String.format(
                    Locale.ROOT, "p50 %.1f ms (%.2f× kubectl's %.0f ms), p99 %.1f ms", p50, p50 / kubectlP50,
                    kubectlP50, p99), p50 <= kubectlP50 / 2 && p99 < 100);
        }
        return summary;
    }

    /**
     * Per deployment: the POST's round trip, the time from its answer until a watch sees the Deployment, the time from
     * sending it until then (end to end), and the wall-clock instants of sending and of the watch event, which
     * {@link #spans} sets beside the deployment's own timestamps.
     */
    private record Series(double[] requestMillis, double[] appearMillis, double[] endToEndMillis, Instant[] sentAt,
            Instant[] seenAt) {

        Series(int n) {
            this(new double[n], new double[n], new double[n], new Instant[n], new Instant[n]);
        }
    }

    /** Watches one namespace and times deployments into it. */
    private static final class Probe implements AutoCloseable {

        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final Map<String, Instant> seenAt = new ConcurrentHashMap<>();
        private final Watch watch;
        private final String namespace;

        Probe(KubernetesClient client, String namespace) {
            this.namespace = namespace;
            this.watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<Deployment>() {
                @Override
                public void eventReceived(Action action, Deployment deployment) {
                    long now = System.nanoTime();
                    seenAt.putIfAbsent(deployment.getMetadata().getName(), Instant.now());
                    seen.putIfAbsent(deployment.getMetadata().getName(), now); // last: the prober waits for this
                    synchronized (seen) {
                        seen.notifyAll();
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
        }

        void deploy(HttpClient http, int port, String token, String service, String environment, Series into, int i)
                throws Exception {
            Instant sentAt = Instant.now();
            long sent = System.nanoTime();
            post(http, port, token, service, environment);
            long returned = System.nanoTime();
            long deadline = returned + TimeUnit.SECONDS.toNanos(10);
            // Blocking, not spinning: the watch thread takes the time stamp, and on 2 cores a spinning prober would take
            // a core from Slipway and its API server.
            synchronized (seen) {
                while (!seen.containsKey(service) && System.nanoTime() < deadline) {
                    seen.wait(1);
                }
            }
            Long appeared = seen.get(service);
            if (appeared == null) {
                throw new IllegalStateException("Deployment " + service + " did not appear in " + namespace + " within 10 s");
            }
            into.requestMillis()[i] = (returned - sent) / 1e6;
            into.appearMillis()[i] = Math.max(0, (appeared - returned) / 1e6);
            into.endToEndMillis()[i] = (appeared - sent) / 1e6;
            into.sentAt()[i] = sentAt;
            into.seenAt()[i] = seenAt.get(service);
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    /**
     * Waits, outside the measured span, until no deployment is underway: a pipeline waits for its deployment to end
     * before the next, and the sandbox's simulated pods of earlier rollouts would otherwise share the two cores with
     * the deployment being measured.
     */
    private static void awaitQuiet(JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (jdbc.sql("select count(*) from deployment where state in ('QUEUED', 'APPLYING', 'ROLLING_OUT')")
                .query(Long.class).single() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Deployments still underway after 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static void seed(JdbcClient jdbc) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('bench', 'Bench', now(), now())").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at, updated_at)
                values ('bench', 'Bench', false, 1, 'default', '{team}-{env}', now(), now()),
                       ('bench-prod', 'Bench production', true, 2, 'default', '{team}-{env}', now(), now())""").update();
        jdbc.sql("update environment set promotion_required = false").update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'svc-' || n, 'Service ' || n, t.id, 'PRODUCTION', 'registry.example.com/bench/svc-' || n, now(), now()
                from generate_series(0, ?) n, team t where t.slug = 'bench'""").param(DEPLOYMENTS + 20).update();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select id, '1.0.0', image_repository || ':1.0.0', 'bench', now() from service""").update();
    }

    /** The grant production asks for: bench-admin may deploy every service of the team for the run. */
    private static void grant(JdbcClient jdbc) {
        jdbc.sql("""
                insert into access_grant (subject_user_id, subject_name, subject_kind, actions, team_slug, environments,
                    starts_at, ends_at, reason, created_by_name, created_at)
                select id, username, 'PERSON', '{deploy}', 'bench', '{bench-prod}', now(), now() + interval '8 hours',
                    'benchmark', 'bench', now() from app_user where username = 'bench-admin'""").update();
    }

    private static String token(HttpClient http, int port) throws Exception {
        String basic = Base64.getEncoder().encodeToString("bench-admin:benchmark-password".getBytes(StandardCharsets.UTF_8));
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench\", \"scopes\": [\"deployments:write\", \"catalog:read\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        int start = body.indexOf("\"token\":\"") + 9;
        return body.substring(start, body.indexOf('"', start));
    }

    /** Deploys 20 services not measured, to each environment, and waits until their Deployments exist. */
    private static void warmUp(HttpClient http, int port, String token, KubernetesClient client) throws Exception {
        for (String environment : List.of("bench", "bench-prod")) {
            for (int i = DEPLOYMENTS; i < DEPLOYMENTS + 20; i++) {
                post(http, port, token, "svc-" + i, environment);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && client.apps().deployments().inNamespace("bench-bench-prod").list()
                .getItems().size() < 20) {
            Thread.sleep(20);
        }
    }

    private static void post(HttpClient http, int port, String token, String service, String environment)
            throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/deployments"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\": \"" + service
                        + "\", \"environment\": \"" + environment + "\", \"version\": \"1.0.0\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Deploy of " + service + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** kubectl --server-side apply of the manifest Slipway applied for svc-0, each run a fresh process as in a pipeline. */
    private static double[] kubectl(String url, JdbcClient jdbc) throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        if (!Files.isExecutable(kubectl)) {
            return new double[0];
        }
        String manifest = jdbc.sql("select manifest from deployment d join service s on s.id = d.service_id "
                + "where s.slug = 'svc-0' and manifest is not null limit 1").query(String.class).single();
        var results = new ArrayList<Double>();
        for (int i = 0; i < KUBECTL_RUNS; i++) {
            Path file = Files.createTempFile("bench-manifest-", ".yaml");
            Files.writeString(file, manifest.replace("svc-0", "kubectl-" + i));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(kubectl.toString(), "--server=" + url, "apply", "--server-side",
                    "--field-manager=pipeline", "-f", file.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            int exit = process.waitFor();
            results.add((System.nanoTime() - start) / 1e6);
            Files.delete(file);
            if (exit != 0) {
                throw new IllegalStateException("kubectl apply failed with exit code " + exit);
            }
        }
        return results.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String report(Series staging, Series production, double[] kubectl) {
        var md = new StringBuilder("| path | runs | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        md.append(row("Slipway, non-production: POST sent → Deployment exists (watch), end to end",
                staging.endToEndMillis()));
        md.append(row("Slipway, non-production: of which the POST round trip", staging.requestMillis()));
        md.append(row("Slipway, non-production: of which POST returned → Deployment exists", staging.appearMillis()));
        md.append(row("Slipway, production with a grant: POST sent → Deployment exists, end to end",
                production.endToEndMillis()));
        md.append(row("Slipway, production with a grant: of which the POST round trip (grant checked)",
                production.requestMillis()));
        md.append(row("Slipway, production with a grant: of which POST returned → Deployment exists (checked again)",
                production.appearMillis()));
        boolean met = true;
        if (kubectl.length > 0) {
            md.append(row("kubectl apply --server-side -f (process start → exit)", kubectl));
            double half = percentile(kubectl, 50) / 2;
            for (var named : List.of(Map.entry("non-production", staging), Map.entry("production", production))) {
                double p50 = percentile(named.getValue().endToEndMillis(), 50);
                double p99 = percentile(named.getValue().endToEndMillis(), 99);
                boolean ok = p50 <= half && p99 < 100;
                met &= ok;
                md.append(String.format(Locale.ROOT, "%nGoal, %s (end-to-end p50 ≤ half kubectl's p50 = %.1f ms, p99 < 100 "
                        + "ms): p50 %.1f ms (%.2f× kubectl's), p99 %.1f ms — %s", named.getKey(), half, p50,
                        p50 / percentile(kubectl, 50), p99, ok ? "met" : "NOT MET"));
            }
            md.append('\n');
        } else {
            md.append("\nkubectl is not installed here: no comparison.\n");
        }
        return md.toString();
    }

    /**
     * Where one deployment's milliseconds go, medians over the series, from the client's wall clock (sending, watch
     * event) and the deployment's own timestamps: created_at (the row inserted, inside the request's transaction),
     * started_at (claimed by the queue), and the APPLIED event (Deployment and Service applied, state written).
     */
    private static String spans(JdbcClient jdbc, Series series, String environment, String title) {
        Map<String, Instant[]> rows = new HashMap<>();
        jdbc.sql("""
                select s.slug, d.created_at, d.started_at,
                    (select min(at) from deployment_event e where e.deployment_id = d.id and e.kind = 'APPLIED')
                from deployment d join service s on s.id = d.service_id join environment v on v.id = d.environment_id
                where v.slug = ?""").param(environment)
                .query((rs, i) -> rows.put(rs.getString(1), new Instant[] {rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()}))
                .list();
        int n = series.sentAt().length;
        double[] toInsert = new double[n];
        double[] insertToAnswer = new double[n];
        double[] insertToClaim = new double[n];
        double[] claimToSeen = new double[n];
        double[] claimToApplied = new double[n];
        for (int i = 0; i < n; i++) {
            Instant[] row = rows.get("svc-" + i);
            Instant sent = series.sentAt()[i];
            Instant answered = sent.plusNanos((long) (series.requestMillis()[i] * 1e6));
            toInsert[i] = between(sent, row[0]);
            insertToAnswer[i] = between(row[0], answered);
            insertToClaim[i] = between(row[0], row[1]);
            claimToSeen[i] = between(row[1], series.seenAt()[i]);
            claimToApplied[i] = between(row[1], row[2]);
        }
        return String.format(Locale.ROOT, """

                %s, where the time goes (p50 / p99 ms; wall clocks of the client and of Slipway, same machine):
                | span | p50 ms | p99 ms |
                |---|---:|---:|
                | POST sent → deployment row inserted (HTTP, token, policy checks, lookups) | %.1f | %.1f |
                | row inserted → POST answered (audit append, commit, JSON answer) | %.1f | %.1f |
                | row inserted → claimed (commit, wake-up, claim round) | %.1f | %.1f |
                | claimed → Deployment seen by the watch (reads, render, namespace, apply) | %.1f | %.1f |
                | claimed → APPLIED recorded (also the Service, state written) | %.1f | %.1f |
                """, title, percentile(toInsert, 50), percentile(toInsert, 99), percentile(insertToAnswer, 50),
                percentile(insertToAnswer, 99), percentile(insertToClaim, 50), percentile(insertToClaim, 99),
                percentile(claimToSeen, 50), percentile(claimToSeen, 99), percentile(claimToApplied, 50),
                percentile(claimToApplied, 99));
    }

    private static double between(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String row(String name, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", name, millis.length, percentile(millis, 50),
                percentile(millis, 99), sorted[sorted.length - 1]);
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
