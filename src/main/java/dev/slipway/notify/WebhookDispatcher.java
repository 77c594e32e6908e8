package dev.slipway.notify;

import dev.slipway.notify.DeliveryQueue.Due;
import dev.slipway.notify.DeliveryQueue.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Delivers the webhook outbox: every poll interval, claims what is due, sends it (outside any
 * database transaction, the sends of one batch side by side) and records each attempt. At least
 * once: a delivery is marked delivered only after its endpoint answered 2xx, so one whose answer was
 * lost is sent again.
 */
@Component
class WebhookDispatcher implements SchedulingConfigurer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final int BATCH = 20;

    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final NotifyProperties properties;
    private final Duration lease;
    // Waiting on slow endpoints must not hold up the scheduler thread that other modules' jobs share; a round runs
    // on a thread of its own, one round at a time (working).
    private final SimpleAsyncTaskExecutor worker;
    private final AtomicBoolean working = new AtomicBoolean();

    WebhookDispatcher(DeliveryQueue queue, WebhookSender sender, NotifyProperties properties) {
        this(queue, sender, properties, new SimpleAsyncTaskExecutorBuilder());
    }

    @Autowired
    WebhookDispatcher(DeliveryQueue queue, WebhookSender sender, NotifyProperties properties,
            SimpleAsyncTaskExecutorBuilder threads) {
        this.worker = threads.threadNamePrefix("slipway-webhooks-").cancelRemainingTasksOnClose(true)
                .additionalCustomizers(executor -> executor.setDaemon(true)).build();
        this.queue = queue;
        this.sender = sender;
        this.properties = properties;
        // Outlasts a batch (its sends run side by side, each within the timeout) with room to record them.
        this.lease = properties.timeout().plusSeconds(30);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // Every replica delivers, unlike the jobs in ScheduledJobs: deliveries are claimed row by row (SKIP LOCKED,
        // with a lease), so replicas share the outbox without sending one twice, and a lock on the whole job would
        // only leave one replica sending at a time.
        registrar.addFixedDelayTask(new FixedDelayTask(this::poll, properties.pollInterval(), properties.pollInterval()));
    }

    void poll() {
        if (working.compareAndSet(false, true)) {
            worker.execute(() -> {
                try {
                    int sent;
                    do {
                        sent = deliverDue();
                    } while (sent == BATCH);
                } catch (RuntimeException e) {
                    log.warn("Delivering webhooks failed; trying again at the next poll", e);
                } finally {
                    working.set(false);
                }
            });
        }
    }

    /** Sends one batch of the deliveries due now and records the attempts; returns how many it sent. */
    int deliverDue() {
        List<Due> due = queue.claim(BATCH, lease);
        List<CompletableFuture<Outcome>> sending = due.stream().map(sender::send).toList();
        for (int i = 0; i < due.size(); i++) {
            queue.record(due.get(i), sending.get(i).join());
        }
        return due.size();
    }

    @Override
    public void destroy() {
        worker.close(); // deliveries in flight are sent again by the next process once their lease runs out
    }
}
