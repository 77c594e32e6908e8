package dev.slipway.deploy;

import dev.slipway.SlipwayApplication;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.UserDirectory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
 * Time from {@code POST /api/v1/deployments} returning to the Kubernetes Deployment existing on the
 * API server (seen by a watch), over 200 deployments, on the sandbox cluster, to a non-production
 * environment and to a production one (with a grant, checked at the request and again at the start); and beside it, in the
 * same run, {@code kubectl apply --server-side -f} of the same manifest against the same API server,
 * the hand-written pipeline's way. Run with {@code bench/deploy.sh}; results also go to
 * {@code target/bench/deploy.md}.
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
        try (ConfigurableApplicationContext slipway = new SpringApplication(SlipwayApplication.class).run(
                "--server.port=0", "--slipway.data-dir=" + dataDir, "--slipway.demo.enabled=false",
                "--logging.level.root=WARN", "--slipway.sandbox.rollout-time=300ms")) {
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
            // One at a time, as a pipeline deploys: the figure is the start-up of one deployment, not a backlog.
            // Production: the same, plus the grant check when the deployment is requested and again when it starts.
            // The two alternate, so that warm-up and background work fall on both alike.
            Series staging = new Series(new double[DEPLOYMENTS], new double[DEPLOYMENTS]);
            Series production = new Series(new double[DEPLOYMENTS], new double[DEPLOYMENTS]);
            try (var toStaging = new Probe(client, "bench-bench"); var toProduction = new Probe(client, "bench-bench-prod")) {
                for (int i = 0; i < DEPLOYMENTS; i++) {
                    toStaging.deploy(http, port, token, "svc-" + i, "bench", staging, i);
                    toProduction.deploy(http, port, token, "svc-" + i, "bench-prod", production, i);
                }
            }

            double[] kubectlMillis = kubectl(clusters.sandboxUrl(), jdbc);
            report = report(staging, production, kubectlMillis);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println(report);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve("deploy.md"), report);
    }

    /** Per deployment: the POST's round trip, and the time from its answer until a watch sees the Deployment. */
    private record Series(double[] requestMillis, double[] appearMillis) {
    }

    /** Watches one namespace and times deployments into it. */
    private static final class Probe implements AutoCloseable {

        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final io.fabric8.kubernetes.client.Watch watch;
        private final String namespace;

        Probe(KubernetesClient client, String namespace) {
            this.namespace = namespace;
            this.watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<Deployment>() {
                @Override
                public void eventReceived(Action action, Deployment deployment) {
                    seen.putIfAbsent(deployment.getMetadata().getName(), System.nanoTime());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
        }

        void deploy(HttpClient http, int port, String token, String service, String environment, Series into, int i)
                throws Exception {
            long sent = System.nanoTime();
            post(http, port, token, service, environment);
            long returned = System.nanoTime();
            long deadline = returned + TimeUnit.SECONDS.toNanos(10);
            while (!seen.containsKey(service) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Long appeared = seen.get(service);
            if (appeared == null) {
                throw new IllegalStateException("Deployment " + service + " did not appear in " + namespace + " within 10 s");
            }
            into.requestMillis()[i] = (returned - sent) / 1e6;
            into.appearMillis()[i] = Math.max(0, (appeared - returned) / 1e6);
        }

        @Override
        public void close() {
            watch.close();
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
            Thread.onSpinWait();
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
        md.append(row("Slipway, non-production: POST /api/v1/deployments round trip", staging.requestMillis()));
        md.append(row("Slipway, non-production: POST returned → Deployment exists (watch)", staging.appearMillis()));
        md.append(row("Slipway, production with a grant: POST round trip (grant checked)", production.requestMillis()));
        md.append(row("Slipway, production with a grant: POST returned → Deployment exists (checked again)",
                production.appearMillis()));
        if (kubectl.length > 0) {
            md.append(row("kubectl apply --server-side -f (process start → exit)", kubectl));
            md.append(String.format(Locale.ROOT, "%nkubectl p50 / Slipway p50: %.0f×%n", percentile(kubectl, 50)
                    / Math.max(0.01, percentile(staging.appearMillis(), 50))));
        } else {
            md.append("\nkubectl is not installed here: no comparison.\n");
        }
        double worst = Math.max(percentile(staging.appearMillis(), 99), percentile(production.appearMillis(), 99));
        md.append(String.format(Locale.ROOT, "Goal p99 < 100 ms: %s%n", worst < 100 ? "met" : "NOT MET"));
        return md.toString();
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
