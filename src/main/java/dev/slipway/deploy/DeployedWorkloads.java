package dev.slipway.deploy;

import dev.slipway.cost.RunningWorkloads;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the cost estimate what runs: each service and environment whose latest finished deployment
 * succeeded, with the replicas and requests of its deploy settings (the defaults where it has none).
 */
@Component
@RequiredArgsConstructor
class DeployedWorkloads implements RunningWorkloads {

    private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1024);

    private final JdbcClient jdbc;

    @Override
    @Transactional(readOnly = true)
    public List<Workload> running() {
        DeploySettings defaults = DeploySettings.defaults();
        return jdbc.sql("""
                select s.team_slug as team, s.slug as service, e.slug as environment, e.cluster,
                       coalesce(ds.replicas, ?) as replicas, coalesce(ds.cpu_request, ?) as cpu,
                       coalesce(ds.memory_request, ?) as memory
                from (select distinct on (service_id, environment_id) service_id, environment_id, state
                      from deployment where state in ('SUCCEEDED', 'FAILED')
                      order by service_id, environment_id, finished_at desc nulls last, id desc) latest
                join catalog_services s on s.id = latest.service_id
                join catalog_environments e on e.id = latest.environment_id
                left join deploy_settings ds on ds.service_id = latest.service_id and ds.environment_id = latest.environment_id
                where latest.state = 'SUCCEEDED'
                order by s.slug, e.position""")
                .params(defaults.replicas(), defaults.cpuRequest(), defaults.memoryRequest())
                .query((rs, i) -> new Workload(rs.getString("team"), rs.getString("service"), rs.getString("environment"),
                        rs.getString("cluster"), rs.getInt("replicas"), cores(rs.getString("cpu")),
                        gib(rs.getString("memory"))))
                .list();
    }

    /** "250m" → 0.25, "2" → 2. */
    static BigDecimal cores(String quantity) {
        return quantity.endsWith("m")
                ? new BigDecimal(quantity.substring(0, quantity.length() - 1)).divide(BigDecimal.valueOf(1000))
                : new BigDecimal(quantity);
    }

    /** "512Mi" → 0.5, "2Gi" → 2, "1048576Ki" → 1, a plain number of bytes likewise. */
    static BigDecimal gib(String quantity) {
        if (quantity.endsWith("Gi")) {
            return new BigDecimal(quantity.substring(0, quantity.length() - 2));
        }
        if (quantity.endsWith("Mi")) {
            return new BigDecimal(quantity.substring(0, quantity.length() - 2)).divide(MIB_PER_GIB, 6, RoundingMode.HALF_UP);
        }
        if (quantity.endsWith("Ki")) {
            return new BigDecimal(quantity.substring(0, quantity.length() - 2))
                    .divide(MIB_PER_GIB.multiply(MIB_PER_GIB), 6, RoundingMode.HALF_UP);
        }
        return new BigDecimal(quantity).divide(MIB_PER_GIB.pow(3), 6, RoundingMode.HALF_UP);
    }
}
