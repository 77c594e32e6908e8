package dev.slipway.shared.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code slipway.embedded-database.*}: how often the embedded PostgreSQL is checked, and started again if it died. */
@ConfigurationProperties("slipway.embedded-database")
record EmbeddedDatabaseProperties(@DefaultValue("1s") Duration checkInterval) {
}
