package dev.slipway.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One PostgreSQL server for the whole test run: a Testcontainers PostgreSQL when a Docker engine
 * answers, otherwise the embedded PostgreSQL. Every Spring test context gets a database of its own
 * on it, so contexts never see each other's rows or migrations.
 */
public final class TestPostgres {

    public record Database(String url, String username, String password) {

        /** A client on this database of its own connections, for tests that run Slipway in another process. */
        public JdbcClient jdbc() {
            var dataSource = new PGSimpleDataSource();
            dataSource.setUrl(url);
            dataSource.setUser(username);
            dataSource.setPassword(password);
            return JdbcClient.create(dataSource);
        }
    }

    private interface Server {
        Database create(String name) throws SQLException;
    }

    private static final AtomicInteger databases = new AtomicInteger();
    private static Server server;

    private TestPostgres() {
    }

    public static Database newDatabase() {
        try {
            return server().create("slipway_test_" + databases.incrementAndGet());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a test database", e);
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            server = dockerAvailable() ? container() : embedded();
        }
        return server;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
    private static Server container() {
        var container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        return name -> {
            try (var connection = DriverManager.getConnection(container.getJdbcUrl(), container.getUsername(),
                    container.getPassword()); var statement = connection.createStatement()) {
                statement.execute("create database " + name);
            }
            String url = container.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
            return new Database(url, container.getUsername(), container.getPassword());
        };
    }

    private static Server embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start(); // closed by its own shutdown hook
            return name -> {
                try (var connection = postgres.getPostgresDatabase().getConnection();
                     var statement = connection.createStatement()) {
                    statement.execute("create database " + name);
                }
                return new Database(postgres.getJdbcUrl("postgres", name), "postgres", "");
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
        }
    }
}
