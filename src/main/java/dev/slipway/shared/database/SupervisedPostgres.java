package dev.slipway.shared.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The embedded PostgreSQL, supervised by the process that started it: when its server dies (killed, crashed), it is
 * started again on the same data folder and port within a check interval, and PostgreSQL's crash recovery brings
 * back everything committed. The connection pool keeps the same URL and recovers by itself.
 */
final class SupervisedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SupervisedPostgres.class);

    private final EmbeddedPostgresServer server;
    private final int port;
    private final ThreadPoolTaskScheduler checks = new ThreadPoolTaskSchedulerBuilder().poolSize(1)
            .threadNamePrefix("slipway-postgres-supervisor-").customizers(scheduler -> scheduler.setDaemon(true))
            .build();
    private volatile EmbeddedPostgres current;
    private volatile boolean closed;

    SupervisedPostgres(Path dataDir, Duration checkInterval) throws IOException {
        this.server = new EmbeddedPostgresServer(dataDir);
        this.current = server.start();
        this.port = current.getPort();
        Duration every = Duration.ofMillis(Math.max(100, checkInterval.toMillis()));
        checks.initialize();
        checks.scheduleWithFixedDelay(this::restartIfStopped, checks.getClock().instant().plus(every), every);
    }

    String jdbcUrl() {
        return current.getJdbcUrl("postgres", "postgres");
    }

    EmbeddedPostgres current() {
        return current;
    }

    synchronized void restartIfStopped() {
        if (closed || server.running()) {
            return;
        }
        log.warn("The embedded PostgreSQL on {} stopped; starting it again on port {}", server.dataDir(), port);
        try {
            current.close(); // releases the data folder's lock; the server is gone already
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the stopped embedded PostgreSQL: {}", e.getMessage());
        }
        try {
            current = server.start(port);
            log.warn("The embedded PostgreSQL is back on port {} (crash recovery done)", port);
        } catch (OverlappingFileLockException e) {
            // A start that failed half-way keeps the data folder's lock in an object nobody holds; the JVM forgets
            // such locks once they are collected.
            log.error("Could not start the embedded PostgreSQL again: its folder is still locked by a failed start "
                    + "(trying again shortly)");
            System.gc();
        } catch (IOException | RuntimeException e) {
            log.error("Could not start the embedded PostgreSQL again (trying again shortly)", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        checks.shutdown();
        current.close();
    }
}
