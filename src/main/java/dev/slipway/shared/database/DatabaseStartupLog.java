package dev.slipway.shared.database;

import dev.slipway.shared.SharedProperties;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says in one line which database this Slipway runs on. */
@Component
class DatabaseStartupLog {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartupLog.class);

    private final DataSource dataSource;
    private final Environment environment;
    private final Path dataDir;

    DatabaseStartupLog(DataSource dataSource, Environment environment, SharedProperties properties) {
        this.dataSource = dataSource;
        this.environment = environment;
        this.dataDir = properties.dataDir();
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() throws SQLException {
        String url;
        String version;
        try (var connection = dataSource.getConnection()) {
            var metaData = connection.getMetaData();
            url = metaData.getURL();
            version = metaData.getDatabaseProductVersion();
        }
        if (NoDatasourceConfigured.noDatasourceConfigured(environment)) {
            log.info("Database: embedded PostgreSQL {} at {}, data in {}", version, url,
                    dataDir.resolve("postgres").toAbsolutePath().normalize());
        } else {
            log.info("Database: external PostgreSQL {} at {}", version, url);
        }
    }
}
