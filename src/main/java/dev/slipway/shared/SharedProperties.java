package dev.slipway.shared;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the shared plumbing, each at the top of {@code slipway.*}.
 *
 * @param trustedProxies the reverse proxies, as IP addresses or CIDR ranges, whose {@code X-Forwarded-*} headers
 *        Slipway believes; empty by default, so that no client can choose the address that sign-in throttling and
 *        the audit trail see
 * @param dataDir where the embedded PostgreSQL keeps its data ({@code <dir>/postgres})
 * @param database the connection pool, whichever database it reaches
 * @param embeddedDatabase the embedded PostgreSQL's supervision
 */
@ConfigurationProperties("slipway")
public record SharedProperties(List<String> trustedProxies, @DefaultValue("./data") Path dataDir,
        @DefaultValue Database database, @DefaultValue EmbeddedDatabase embeddedDatabase) {

    public SharedProperties {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /**
     * How long a request or job queues for a connection while every pooled connection is in use and the database
     * answers; past it, a request is answered 503.
     */
    public record Database(@DefaultValue("20s") Duration busyWait) {
    }

    /** How often the embedded PostgreSQL is checked, and started again if it died. */
    public record EmbeddedDatabase(@DefaultValue("1s") Duration checkInterval) {
    }
}
