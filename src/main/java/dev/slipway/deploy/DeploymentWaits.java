package dev.slipway.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Lets a caller wait for a deployment without a poll loop of its own: until it ends ({@code ?wait=60s}), or line by
 * line as its log grows (the event stream). It reads the database, so it sees deployments that another Slipway
 * replica carries out. Callers check access first; nothing here does.
 */
@Component
public class DeploymentWaits implements DisposableBean {

    private static final Duration TICK = Duration.ofMillis(250);

    private final DeploymentStore store;
    private final Clock clock;
    private final ThreadPoolTaskScheduler ticks = new ThreadPoolTaskSchedulerBuilder().poolSize(1)
            .threadNamePrefix("slipway-deployment-waits-").customizers(scheduler -> scheduler.setDaemon(true)).build();

    DeploymentWaits(DeploymentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ticks.initialize();
    }

    /** Completes with the deployment once it has ended, or as it stands when {@code max} has passed. */
    public CompletableFuture<DeploymentView> untilFinished(long id, Duration max) {
        var result = new CompletableFuture<DeploymentView>();
        Instant until = clock.instant().plus(max);
        Runnable check = new Runnable() {
            @Override
            public void run() {
                try {
                    DeploymentView now = store.find(id).orElseThrow();
                    if (now.state().finished() || !clock.instant().isBefore(until)) {
                        result.complete(now);
                    } else {
                        ticks.schedule(this, ticks.getClock().instant().plus(TICK));
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        };
        ticks.execute(check);
        return result;
    }

    /**
     * Hands each new line of the deployment's log to {@code lines}, from after {@code afterEventId}, and the
     * deployment to {@code ended} once it has ended and its last lines were handed over. Stop by cancelling the
     * returned future (the client went away).
     */
    public CompletableFuture<Void> follow(long id, long afterEventId, Consumer<List<DeploymentEventView>> lines,
            Consumer<DeploymentView> ended) {
        var following = new CompletableFuture<Void>();
        Runnable check = new Runnable() {
            long after = afterEventId;

            @Override
            public void run() {
                if (following.isDone()) {
                    return;
                }
                try {
                    DeploymentView now = store.find(id).orElseThrow();
                    List<DeploymentEventView> fresh = store.events(id, after);
                    if (!fresh.isEmpty()) {
                        lines.accept(fresh);
                        after = fresh.get(fresh.size() - 1).id();
                    }
                    if (now.state().finished()) {
                        ended.accept(now);
                        following.complete(null);
                    } else {
                        ticks.schedule(this, ticks.getClock().instant().plus(TICK));
                    }
                } catch (RuntimeException e) {
                    following.completeExceptionally(e);
                }
            }
        };
        ticks.execute(check);
        return following;
    }

    @Override
    public void destroy() {
        ticks.shutdown();
    }
}
