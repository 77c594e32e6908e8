package dev.slipway.deploy;

import dev.slipway.bench.BenchOutput;
import dev.slipway.bench.BenchSummary;
import dev.slipway.bench.Machine;
import dev.slipway.bench.SlipwayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Recovery from a bad release: Slipway in a JVM of its own (sandbox cluster, rollouts of 3 s), an environment with
 * automatic rollback, a service whose release 1.0.0 succeeded there with 2 replicas; then, 10 times, a release whose
 * image crash-loops is deployed. Measured from sending the POST: the failure named (the failed deployment's
 * finishedAt), and the previous release serving again (the automatic rollback SUCCEEDED with every replica ready,
 * its finishedAt; and when the client, waiting on it with {@code ?wait=60s}, heard so).
 * Run with {@code bench/deploy-recovery.sh}; results also go to {@code target/bench/deploy-recovery.md}.
 */
public final class DeployRecoveryBenchmark {

    private static final int RUNS = 10;
    private static final Duration ROLLOUT = Duration.ofSeconds(3);
    private static final double GOAL_SECONDS = 15;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private DeployRecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path outputDir = Path.of(System.getProperty("slipway.bench.output-dir", "target/bench"));
        String report;
        boolean met;
        try (SlipwayProcess slipway = SlipwayProcess.start("1g", "--slipway.deploy.sandbox.rollout-time=" + ROLLOUT.toSeconds() + "s")) {
            var jdbc = JdbcClient.create(slipway.dataSource());
            Machine machine = Machine.describe(slipway.dataSource());
            seed(jdbc);
            var api = new DeployApi(slipway.port(), SlipwayProcess.ADMIN, SlipwayProcess.ADMIN_PASSWORD);
            var first = api.await(api.deploy("checkout", "live", "1.0.0").id(), WAIT);
            if (!first.state().equals("SUCCEEDED") || first.readyReplicas() != 2) {
                throw new IllegalStateException("1.0.0 did not succeed with 2 replicas: " + first + "\n" + slipway.logTail());
            }
            String loadBefore = DeployApi.loadAverage();
            double[] named = new double[RUNS];
            double[] recovered = new double[RUNS];
            double[] heard = new double[RUNS];
            var lines = new StringBuilder();
            for (int run = 0; run < RUNS; run++) {
                String version = "2.0." + run + "-crashloop";
                Instant sent = Instant.now();
                long sentNanos = System.nanoTime();
                var bad = api.deploy("checkout", "live", version);
                var failed = api.await(bad.id(), WAIT);
                if (!failed.state().equals("FAILED")) {
                    throw new IllegalStateException("The crash-looping release did not fail: " + failed);
                }
                DeployApi.Item rollback = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (rollback == null && System.nanoTime() < deadline) {
                    rollback = api.list("checkout", "live").stream()
                            .filter(item -> Long.valueOf(bad.id()).equals(item.rollbackOf())).findFirst().orElse(null);
                    if (rollback == null) {
                        Thread.sleep(20);
                    }
                }
                if (rollback == null) {
                    throw new IllegalStateException("No automatic rollback of deployment " + bad.id());
                }
                var restored = api.await(rollback.id(), WAIT);
                heard[run] = (System.nanoTime() - sentNanos) / 1e6;
                if (!restored.state().equals("SUCCEEDED") || !restored.version().equals("1.0.0")
                        || restored.readyReplicas() != restored.desiredReplicas() || restored.desiredReplicas() != 2) {
                    throw new IllegalStateException("The rollback did not restore 1.0.0 with 2 replicas: " + restored);
                }
                named[run] = Duration.between(sent, failed.finishedAt()).toNanos() / 1e6;
                recovered[run] = Duration.between(sent, restored.finishedAt()).toNanos() / 1e6;
                lines.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %s |%n", run + 1, version,
                        named[run] / 1000, recovered[run] / 1000, heard[run] / 1000, failed.failureReason()
                                .replace("|", "\\|").replace("\n", " ")));
            }
            double p50 = DeployApi.percentile(recovered, 50) / 1000;
            double max = DeployApi.percentile(recovered, 100) / 1000;
            met = max < GOAL_SECONDS;
            var md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "Machine: %s; load average before %s, after %s; %s%n%n", machine,
                    loadBefore, DeployApi.loadAverage(), LocalDate.now()));
            md.append("| run | release | POST → failure named, s | POST → previous release serving (rollback "
                    + "finishedAt), s | POST → client heard, s | failure named |\n|--:|---|--:|--:|--:|---|\n");
            md.append(lines);
            md.append("\n| figure | p50 s | max s |\n|---|--:|--:|\n");
            md.append(String.format(Locale.ROOT, "| POST → failure named | %.2f | %.2f |%n",
                    DeployApi.percentile(named, 50) / 1000, DeployApi.percentile(named, 100) / 1000));
            md.append(String.format(Locale.ROOT, "| POST → previous release serving again | %.2f | %.2f |%n", p50, max));
            md.append(String.format(Locale.ROOT, "| POST → the client heard it (GET ?wait=60s) | %.2f | %.2f |%n",
                    DeployApi.percentile(heard, 50) / 1000, DeployApi.percentile(heard, 100) / 1000));
            md.append(String.format(Locale.ROOT, "%nGoal (every recovery under %.0f s): %s. Against 5 minutes for an "
                    + "automated platform: %.0f× faster (p50); against 45 minutes by hand: %.0f× faster (p50).%n",
                    GOAL_SECONDS, met ? "met" : "NOT MET", 300 / p50, 2700 / p50));
            report = md.toString();
            BenchSummary.of(outputDir, "deploy-recovery")
                    .goal("Deploy: recovery from a crash loop", "every recovery < " + Math.round(GOAL_SECONDS) + " s",
                            String.format(Locale.ROOT, "p50 %.2f s, max %.2f s", p50, max), met)
                    .write();
        }
        BenchOutput.publish(outputDir, "deploy-recovery.md", report, met);
    }

    private static void seed(JdbcClient jdbc) {
        jdbc.sql("insert into team (slug, name, created_at, updated_at) values ('shop', 'Shop', now(), now())").update();
        jdbc.sql("""
                insert into environment (slug, name, production, position, cluster, namespace_template, created_at,
                    updated_at, promotion_required, auto_rollback)
                values ('live', 'Live', false, 1, 'default', '{team}-{env}', now(), now(), false, true)""").update();
        jdbc.sql("""
                insert into service (slug, name, team_id, lifecycle, image_repository, created_at, updated_at)
                select 'checkout', 'Checkout', t.id, 'PRODUCTION', 'registry.example.com/shop/checkout', now(), now()
                from team t where t.slug = 'shop'""").update();
        jdbc.sql("""
                insert into release (service_id, version, image, created_by_name, created_at)
                select s.id, v, s.image_repository || ':' || v, 'bench', now()
                from service s, unnest(array['1.0.0', '2.0.0-crashloop', '2.0.1-crashloop', '2.0.2-crashloop',
                    '2.0.3-crashloop', '2.0.4-crashloop', '2.0.5-crashloop', '2.0.6-crashloop', '2.0.7-crashloop',
                    '2.0.8-crashloop', '2.0.9-crashloop']) v
                where s.slug = 'checkout'""").update();
    }
}
