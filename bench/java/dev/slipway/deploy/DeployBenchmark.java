package dev.slipway.deploy;

import dev.slipway.SlipwayApplication;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.UserDirectory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
 * API server (seen by a watch), over 200 deployments, on the sandbox cluster; and beside it, in the
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
            var http = HttpClient.newHttpClient();
            String token = token(http, port);

            var seen = new ConcurrentHashMap<String, Long>();
            var client = clusters.client("default");
            var watch = client.apps().deployments().inNamespace("bench-bench").watch(new Watcher<Deployment>() {
                @Override
                public void eventReceived(Action action, Deployment deployment) {
                    seen.putIfAbsent(deployment.getMetadata().getName(), System.nanoTime());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            warmUp(http, port, token, seen);
            // One at a time, as a pipeline deploys: the figure is the start-up of one deployment, not a backlog.
            double[] slipwayMillis = new double[DEPLOYMENTS];
            for (int i = 0; i < DEPLOYMENTS; i++) {
                String service = "svc-" + i;
                post(http, port, token, service);
                long returned = System.nanoTime();
                long deadline = returned + TimeUnit.SECONDS.toNanos(10);
                while (!seen.containsKey(service) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                Long appeared = seen.get(service);
                if (appeared == null) {
                    throw new IllegalStateException("Deployment " + service + " did not appear within 10 s");
                }
                slipwayMillis[i] = Math.max(0, (appeared - returned) / 1e6);
            }
            watch.close();

            double[] kubectlMillis = kubectl(clusters.sandboxUrl(), jdbc);
            report = report(slipwayMillis, kubectlMillis);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println(report);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve("deploy.md"), report);
    }

    private static void seed(JdbcClient jdbc) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('bench', 'Bench', now(), now())").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at, updated_at)
                values ('bench', 'Bench', false, 1, 'default', '{team}-{env}', now(), now())""").update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'svc-' || n, 'Service ' || n, t.id, 'PRODUCTION', 'registry.example.com/bench/svc-' || n, now(), now()
                from generate_series(0, ?) n, team t where t.slug = 'bench'""").param(DEPLOYMENTS + 20).update();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select id, '1.0.0', image_repository || ':1.0.0', 'bench', now() from service""").update();
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

    /** Deploys 20 services not measured, and waits until their Deployments exist. */
    private static void warmUp(HttpClient http, int port, String token, Map<String, Long> seen) throws Exception {
        for (int i = DEPLOYMENTS; i < DEPLOYMENTS + 20; i++) {
            post(http, port, token, "svc-" + i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.size() < 20 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static void post(HttpClient http, int port, String token, String service) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/deployments"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\": \"" + service
                        + "\", \"environment\": \"bench\", \"version\": \"1.0.0\"}"))
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

    private static String report(double[] slipway, double[] kubectl) {
        var md = new StringBuilder("| path | runs | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        md.append(row("Slipway: POST /api/v1/deployments returned → Deployment exists (watch)", slipway));
        if (kubectl.length > 0) {
            md.append(row("kubectl apply --server-side -f (process start → exit)", kubectl));
            md.append(String.format(Locale.ROOT, "%nkubectl p50 / Slipway p50: %.0f×%n", percentile(kubectl, 50)
                    / Math.max(0.01, percentile(slipway, 50))));
        } else {
            md.append("\nkubectl is not installed here: no comparison.\n");
        }
        md.append(String.format(Locale.ROOT, "Goal p99 < 100 ms: %s%n", percentile(slipway, 99) < 100 ? "met" : "NOT MET"));
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
