package dev.slipway.access;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.shared.ScheduledJobs;
import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records and announces what ran out: pending requests past their expiry, grants past their end. A
 * grant stops counting at its end regardless; this only writes the audit event and the notice.
 */
@Component
class AccessExpiry implements SchedulingConfigurer {

    private final AccessRequests requests;
    private final Grants grants;
    private final AccessPolicy access;
    private final TransactionTemplate transaction;
    private final Duration interval;
    private final ScheduledJobs jobs;

    AccessExpiry(AccessRequests requests, Grants grants, AccessPolicy access, TransactionTemplate transaction,
            AccessProperties properties, ScheduledJobs jobs) {
        this.requests = requests;
        this.grants = grants;
        this.access = access;
        this.transaction = transaction;
        this.interval = properties.expiryCheckInterval();
        this.jobs = jobs;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("access-expiry", this::run, interval, Duration.ofSeconds(5)));
    }

    void run() {
        access.asSystem(() -> {
            while (Boolean.TRUE.equals(transaction.execute(status -> requests.expirePending() > 0))) {
                // batches of 100 until none is left
            }
            while (Boolean.TRUE.equals(transaction.execute(status -> grants.noteExpired() > 0))) {
                // batches of 100 until none is left
            }
        });
    }
}
