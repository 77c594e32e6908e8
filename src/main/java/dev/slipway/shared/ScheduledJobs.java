package dev.slipway.shared;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.stereotype.Component;

/**
 * Scheduled jobs that run once across Slipway replicas: every replica schedules the job, and a run first takes the
 * job's row in {@code shedlock} (ShedLock, timed by the database's clock, so the replicas' clocks do not matter); a
 * replica whose turn comes while the row is held skips that run.
 */
@Component
public class ScheduledJobs {

    private final LockingTaskExecutor locks;

    ScheduledJobs(DataSource dataSource) {
        this.locks = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder().withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime()
                .withLockedByValue(ManagementFactory.getRuntimeMXBean().getName()).build()));
    }

    /**
     * A task for a {@code ScheduledTaskRegistrar} that runs {@code job} every {@code interval} (after
     * {@code initialDelay}) on one replica at a time, under the lock {@code name}. A run keeps the lock for nine tenths
     * of the interval even when it ends sooner, so that replicas whose schedules are out of step make one run per
     * interval between them rather than one each; and for one interval at most, so that a replica stopped mid-run
     * holds the job up no longer than the interval it would have waited anyway (a run that outlasts its interval may
     * meet the next one: every job is safe to run twice).
     */
    public FixedDelayTask onceAcrossReplicas(String name, Runnable job, Duration interval, Duration initialDelay) {
        Duration lockAtLeastFor = interval.minus(interval.dividedBy(10));
        return new FixedDelayTask(() -> locks.executeWithLock(job,
                new LockConfiguration(ClockProvider.now(), name, interval, lockAtLeastFor)), interval, initialDelay);
    }
}
