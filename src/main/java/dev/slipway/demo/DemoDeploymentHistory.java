package dev.slipway.demo;

import dev.slipway.deploy.DeploymentHistory;
import dev.slipway.deploy.PastDeployment;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;

/**
 * Thirteen weeks of deployment history for the demo's production services, so the Delivery page shows figures of
 * its own: each release goes to Staging, and once it succeeded there to Production a few hours later. About one in
 * ten deployments fails (and a fix follows within hours) or, in Production, is rolled back within the hour. The same
 * seed gives the same history on every first start, relative to the day it runs.
 */
@RequiredArgsConstructor
final class DemoDeploymentHistory {

    static final List<String> SERVICES = List.of("checkout-api", "payment-gateway", "refund-worker", "login-service",
            "account-profile", "search-api", "recommendations", "edge-gateway");
    static final int DAYS = 91;

    private static final List<String> FAILURES = List.of(
            "CrashLoopBackOff: container %s exited with code 1 (restarted 3 times)",
            "Readiness probe failed: HTTP probe failed with statuscode: 503",
            "ImagePullBackOff: image registry.example.com/%s not found");

    private final DeploymentHistory history;
    private final Instant end;
    private final Map<String, Map<String, String>> running = new HashMap<>();

    /** Records the history of every service; returns how many deployments it recorded. */
    int record() {
        int recorded = 0;
        for (int i = 0; i < SERVICES.size(); i++) {
            recorded += record(SERVICES.get(i), new Random(1400L + i));
        }
        return recorded;
    }

    /**
     * The release each service ran last in each environment, by service and environment: what the cluster should be
     * running once the history is recorded.
     */
    Map<String, Map<String, String>> running() {
        return running;
    }

    private int record(String service, Random random) {
        Map<String, Instant> free = new HashMap<>();
        Map<String, String> lastGood = running.computeIfAbsent(service, ignored -> new HashMap<>());
        Instant at = end.minus(Duration.ofDays(DAYS)).plus(hours(random, 1, 20));
        int count = 0;
        for (int minor = 1; at.isBefore(end.minus(Duration.ofHours(2))); minor++) {
            String version = "0." + minor + ".0";
            Instant commit = at.minus(hours(random, 1, 30));
            Outcome staging = deploy(service, "staging", version, commit, at, random, free, lastGood, false);
            count += staging.deployments();
            boolean failed = !staging.held();
            Instant production = at.plus(hours(random, 2, 30));
            if (staging.held() && production.isBefore(end)) {
                Outcome prod = deploy(service, "prod", version, commit, production, random, free, lastGood, true);
                count += prod.deployments();
                failed = !prod.held();
            }
            // A failure is fixed by the next release within hours; otherwise the team ships every day or few.
            at = failed ? at.plus(Duration.ofMinutes(30 + random.nextInt(150))) : at.plus(hours(random, 14, 90));
        }
        return count;
    }

    private record Outcome(int deployments, boolean held) {
    }

    private Outcome deploy(String service, String environment, String version, Instant commit, Instant wanted,
            Random random, Map<String, Instant> free, Map<String, String> lastGood, boolean mayRollBack) {
        Instant requested = later(wanted, free.get(environment));
        Instant started = requested.plusSeconds(1 + random.nextInt(20));
        Instant finished = started.plusSeconds(25 + random.nextInt(150));
        if (finished.isAfter(end)) {
            return new Outcome(0, true);
        }
        double roll = random.nextDouble();
        boolean fails = roll < 0.05;
        boolean rolledBack = mayRollBack && !fails && roll < 0.09 && lastGood.containsKey(environment);
        String reason = fails ? FAILURES.get(random.nextInt(FAILURES.size())).formatted(service) : null;
        history.record(new PastDeployment(service, environment, version, commit, requested, started, finished, !fails,
                reason, null));
        free.put(environment, finished);
        if (!rolledBack) {
            if (!fails) {
                lastGood.put(environment, version);
            }
            return new Outcome(1, !fails);
        }
        Instant rollback = finished.plus(Duration.ofMinutes(8 + random.nextInt(40)));
        Instant rollbackStarted = rollback.plusSeconds(2);
        Instant rollbackFinished = rollbackStarted.plusSeconds(20 + random.nextInt(60));
        if (rollbackFinished.isAfter(end)) {
            return new Outcome(1, true);
        }
        history.record(new PastDeployment(service, environment, Objects.requireNonNull(lastGood.get(environment)), null, rollback,
                rollbackStarted, rollbackFinished, true, null, version));
        free.put(environment, rollbackFinished);
        return new Outcome(2, false);
    }

    private static Instant later(Instant wanted, @Nullable Instant free) {
        return free == null || wanted.isAfter(free) ? wanted : free.plus(Duration.ofMinutes(5));
    }

    private static Duration hours(Random random, int least, int most) {
        return Duration.ofMinutes(60L * least + random.nextInt(60 * (most - least) + 1));
    }
}
