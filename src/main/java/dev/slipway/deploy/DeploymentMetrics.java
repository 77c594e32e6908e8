package dev.slipway.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts and times finished deployments as {@code slipway.deployments}, tagged with the outcome (the deployment's end
 * state) and the environment. The time runs from the rollout's start, or from the request for a deployment that
 * never started (a cancelled one), to its end. Recorded once the change is committed.
 */
@Component
@RequiredArgsConstructor
class DeploymentMetrics {

    static final String NAME = "slipway.deployments";

    private final MeterRegistry meters;
    private final DeploymentStore store;
    private final Clock clock;

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeploymentSucceeded event) {
        record(event.deployment(), DeploymentState.SUCCEEDED);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeploymentFailed event) {
        record(event.deployment(), DeploymentState.FAILED);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DeploymentCancelled event) {
        record(event.deployment(), DeploymentState.CANCELLED);
    }

    private void record(DeploymentFacts deployment, DeploymentState outcome) {
        Duration took = store.find(deployment.id()).map(this::duration).orElse(Duration.ZERO);
        Timer.builder(NAME)
                .description("Finished deployments, from their start to their end")
                .tag("outcome", outcome.name())
                .tag("environment", deployment.environment())
                .publishPercentileHistogram()
                .register(meters)
                .record(took);
    }

    private Duration duration(DeploymentView deployment) {
        Instant from = deployment.startedAt() != null ? deployment.startedAt() : deployment.createdAt();
        Instant to = deployment.finishedAt() != null ? deployment.finishedAt() : clock.instant();
        return from == null || to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }
}
