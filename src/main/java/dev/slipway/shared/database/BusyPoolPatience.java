package dev.slipway.shared.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Tells a busy connection pool from a database that is away. Hikari ends a wait for a connection after its
 * connection timeout (3 s) either way, but only when the database is away does its timeout carry the failure met while
 * connecting. Without one, every connection is merely in use (a burst of requests, a database slow but alive), and
 * the caller waits again, for up to {@code slipway.database.busy-wait} in all, instead of being told to come back
 * later. So a dead database is still answered with a 503 within seconds, and a busy one is queued for.
 */
final class BusyPoolPatience extends DelegatingDataSource {

    private final Duration busyWait;

    BusyPoolPatience(DataSource pool, Duration busyWait) {
        super(pool);
        this.busyWait = busyWait;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + busyWait.toNanos();
        while (true) {
            try {
                return super.getConnection();
            } catch (SQLTransientConnectionException timedOut) {
                if (timedOut.getCause() != null || System.nanoTime() >= deadline) {
                    throw timedOut;
                }
            }
        }
    }
}
