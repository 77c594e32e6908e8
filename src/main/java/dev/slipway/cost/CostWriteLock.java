package dev.slipway.cost;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.springframework.transaction.TransactionStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Serialises everything that rewrites line items or rollups, across replicas, with a
 * transaction-scoped PostgreSQL advisory lock. A writer that finds it taken gives its connection
 * back and tries again a moment later: waiting writers holding pooled connections could otherwise
 * starve the pool, and with it the writer that holds the lock.
 */
@Component
@RequiredArgsConstructor
class CostWriteLock {

    static final long KEY = 0x5_c057L;
    private static final Duration PAUSE = Duration.ofMillis(200);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    /**
     * Runs {@code work} in a transaction that holds the lock, once it is free; {@code whileWaiting}
     * runs between attempts (e.g. to say the caller is alive).
     */
    <T> T inTransaction(Function<TransactionStatus, T> work, Runnable whileWaiting) {
        while (true) {
            Optional<T> done = transaction.execute(status -> {
                if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(KEY).query(Boolean.class).single()) {
                    return Optional.empty();
                }
                return Optional.of(work.apply(status));
            });
            if (done.isPresent()) {
                return done.get();
            }
            whileWaiting.run();
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for other cost writes to end", e);
            }
        }
    }
}
