package dev.slipway.deploy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deployment queue is the {@code deployment} table itself: workers claim the oldest queued
 * deployment of a service and environment with nothing underway, with {@code FOR UPDATE SKIP
 * LOCKED}, so several workers (and Slipway replicas) never claim one twice. A claim is a lease that
 * its worker renews; a deployment whose lease ran out (its process stopped) is claimed again and
 * followed to its end.
 */
@Component
class DeploymentQueue {

    static final Duration LEASE = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private volatile Runnable wakeUpListener = () -> { };

    DeploymentQueue(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Claims the next deployment that may start now, moving it to APPLYING. */
    Optional<Long> claimNext(String worker) {
        try {
            return transaction.execute(status -> jdbc.sql("""
                    select d.id from deployment d
                    where d.state = 'QUEUED'
                      and not exists (select 1 from deployment a where a.service_id = d.service_id
                                      and a.environment_id = d.environment_id and a.state in ('APPLYING', 'ROLLING_OUT'))
                      and not exists (select 1 from deployment q where q.service_id = d.service_id
                                      and q.environment_id = d.environment_id and q.state = 'QUEUED' and q.id < d.id)
                    order by d.id
                    limit 1
                    for update skip locked""")
                    .query(Long.class).optional()
                    .map(id -> {
                        jdbc.sql("""
                                update deployment set state = 'APPLYING', worker = ?, lease_until = ?, started_at = ?
                                where id = ?""")
                                .params(worker, lease(), now(), id).update();
                        return id;
                    }));
        } catch (DuplicateKeyException e) {
            return Optional.empty(); // another worker started one for the same service and environment first
        }
    }

    /** Claims deployments left underway by a worker whose lease ran out. */
    List<Long> claimAbandoned(String worker) {
        return transaction.execute(status -> {
            List<Long> ids = jdbc.sql("""
                    select id from deployment where state in ('APPLYING', 'ROLLING_OUT') and lease_until < ?
                    order by id for update skip locked""")
                    .param(now()).query(Long.class).list();
            for (long id : ids) {
                jdbc.sql("update deployment set worker = ?, lease_until = ? where id = ?").params(worker, lease(), id)
                        .update();
            }
            return ids;
        });
    }

    void renew(String worker, List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("update deployment set lease_until = :until where worker = :worker and id in (:ids)")
                    .param("until", lease()).param("worker", worker).param("ids", ids).update();
        }
    }

    void onWakeUp(Runnable listener) {
        this.wakeUpListener = listener;
    }

    /** Tells this process's runner that work is waiting, so it need not wait for its next poll. */
    void wakeUp() {
        wakeUpListener.run();
    }

    private Timestamp lease() {
        return Timestamp.from(clock.instant().plus(LEASE));
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
