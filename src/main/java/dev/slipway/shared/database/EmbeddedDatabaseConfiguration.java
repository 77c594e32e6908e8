package dev.slipway.shared.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.shared.DatabaseUnavailable;
import dev.slipway.shared.SharedProperties;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.datasource.url}, Slipway starts a real PostgreSQL
 * itself, keeping its data under {@code slipway.data-dir} so that a restart keeps everything, and
 * starts it again if it dies.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceConfigured.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    SupervisedPostgres embeddedPostgres(SharedProperties properties) throws IOException {
        return new SupervisedPostgres(properties.dataDir().resolve("postgres"),
                properties.embeddedDatabase().checkInterval());
    }

    @Bean
    DataSource dataSource(SupervisedPostgres postgres) {
        var dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(20);
        dataSource.setPoolName("slipway-embedded");
        // Fail fast while the database is away (the request gets a 503), instead of holding it for 30 s.
        dataSource.setConnectionTimeout(DatabaseUnavailable.CONNECTION_TIMEOUT.toMillis());
        return dataSource;
    }
}
