package dev.slipway.shared.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.database.*}: how long a request or job queues for a connection while every pooled connection is in
 * use and the database answers ({@link BusyPoolPatience}); past it, a request is answered 503.
 */
@ConfigurationProperties("slipway.database")
record DatabaseProperties(@DefaultValue("20s") Duration busyWait) {
}
