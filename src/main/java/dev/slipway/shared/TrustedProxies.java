package dev.slipway.shared;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Believes {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} only when the
 * connection comes from one of {@code slipway.trusted-proxies}; with none listed, the socket decides.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    private final String ranges;

    TrustedProxies(SharedProperties properties) {
        this.ranges = ranges(properties.trustedProxies());
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        // Spring Boot's own valve (server.forward-headers-strategy=native) trusts every private address;
        // this setting alone decides, so that one never stays.
        factory.setEngineValves(factory.getEngineValves().stream().filter(v -> !(v instanceof RemoteIpValve)).toList());
        if (ranges.isEmpty()) {
            return;
        }
        var valve = new RemoteIpValve();
        valve.setInternalProxies(ranges);
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setHostHeader("X-Forwarded-Host");
        valve.setPortHeader("X-Forwarded-Port");
        factory.addEngineValves(valve);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    // Tomcat reads internalProxies as a regular expression unless it contains '/', and then as a
    // list of CIDR ranges; giving every entry a prefix length keeps it out of regex territory.
    static String ranges(List<String> proxies) {
        return proxies.stream().map(TrustedProxies::range).collect(Collectors.joining(","));
    }

    private static String range(String proxy) {
        String range = proxy.contains("/") ? proxy : proxy + (proxy.contains(":") ? "/128" : "/32");
        try {
            new NetMask(range);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("slipway.trusted-proxies: '" + proxy
                    + "' is neither an IP address nor a CIDR range such as 10.0.0.0/8", e);
        }
        return range;
    }
}
