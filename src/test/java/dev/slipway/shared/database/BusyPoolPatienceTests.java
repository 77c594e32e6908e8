package dev.slipway.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.shared.DatabaseUnavailable;
import dev.slipway.testsupport.TestPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A busy pool is queued for; a database that is away is reported within the pool's own timeout. */
class BusyPoolPatienceTests {

    @Test
    void aRequestWaitsPastThePoolTimeoutWhileEveryConnectionIsInUse() throws Exception {
        var database = TestPostgres.newDatabase();
        try (var pool = pool(database.url(), database.username(), database.password())) {
            var patient = new BusyPoolPatience(pool, Duration.ofSeconds(10));
            Connection held = pool.getConnection();
            CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS).execute(() -> close(held));

            assertThatThrownBy(pool::getConnection).as("the pool alone gives up after its 500 ms")
                    .isInstanceOf(SQLTransientConnectionException.class);
            long start = System.nanoTime();
            try (Connection connection = patient.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void aBusyPoolIsWaitedForOnlyUpToTheBusyWait() throws Exception {
        var database = TestPostgres.newDatabase();
        try (var pool = pool(database.url(), database.username(), database.password());
                Connection held = pool.getConnection()) {
            var patient = new BusyPoolPatience(pool, Duration.ofMillis(1200));
            long start = System.nanoTime();

            assertThatThrownBy(patient::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(e -> assertThat(DatabaseUnavailable.causes(e)).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1200),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void aDatabaseThatIsAwayIsReportedAfterOnePoolTimeout() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var pool = pool("jdbc:postgresql://127.0.0.1:" + closedPort + "/slipway", "postgres", null);
        pool.setInitializationFailTimeout(-1); // start although the database does not answer
        try (pool) {
            var patient = new BusyPoolPatience(pool, Duration.ofSeconds(30));
            long start = System.nanoTime();

            assertThatThrownBy(patient::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(e -> assertThat(DatabaseUnavailable.causes(e)).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static HikariDataSource pool(String url, String username, String password) {
        var pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(1);
        pool.setConnectionTimeout(500);
        return pool;
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
