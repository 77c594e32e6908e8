package dev.slipway.deploy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the deployment queue stands: how many wait and how long the oldest has waited, for the Deployments page and
 * as the metrics {@code slipway.deployments.queued} and {@code slipway.deployments.queue.oldest.seconds}. The queue
 * itself is the {@code deployment} table, claimed fairly by {@link DeploymentStore#claim}.
 */
@Component
public class DeploymentQueue {

    /** The queue's depth, and the wait of its oldest entry (zero when empty). */
    public record Depth(long queued, long underway, Duration oldestWait) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    DeploymentQueue(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("slipway.deployments.queued", this, queue -> queue.depth().queued())
                .description("Deployments waiting to start").register(meters);
        Gauge.builder("slipway.deployments.queue.oldest.seconds", this, queue -> queue.depth().oldestWait().toSeconds())
                .description("How long the oldest queued deployment has waited").baseUnit("seconds").register(meters);
    }

    @Transactional(readOnly = true)
    public Depth depth() {
        return jdbc.sql("""
                select count(*) filter (where state = 'QUEUED'),
                       count(*) filter (where state in ('APPLYING', 'ROLLING_OUT')),
                       min(created_at) filter (where state = 'QUEUED')
                from deployment where state in ('QUEUED', 'APPLYING', 'ROLLING_OUT')""")
                .query((rs, i) -> {
                    Timestamp oldest = rs.getTimestamp(3);
                    return new Depth(rs.getLong(1), rs.getLong(2), oldest == null ? Duration.ZERO
                            : Duration.between(oldest.toInstant(), clock.instant()).abs());
                })
                .single();
    }
}
