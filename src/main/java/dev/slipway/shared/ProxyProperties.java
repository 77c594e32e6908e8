package dev.slipway.shared;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.trusted-proxies}: the reverse proxies, as IP addresses or CIDR ranges, whose
 * {@code X-Forwarded-*} headers Slipway believes. Empty by default, so that no client can choose the
 * address that sign-in throttling and the audit trail see.
 */
@ConfigurationProperties("slipway")
record ProxyProperties(List<String> trustedProxies) {

    ProxyProperties {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }
}
