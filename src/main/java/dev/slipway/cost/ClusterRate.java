package dev.slipway.cost;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a cluster's capacity costs per hour: per requested CPU core and per GiB of memory. The
 * defaults are about what a general-purpose cloud VM costs on demand.
 */
public record ClusterRate(@DefaultValue("0.0316") BigDecimal cpuHour, @DefaultValue("0.0042") BigDecimal gibHour,
        @DefaultValue("USD") String currency) {
}
