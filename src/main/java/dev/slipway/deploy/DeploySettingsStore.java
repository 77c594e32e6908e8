package dev.slipway.deploy;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.EnvironmentRef;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.catalog.ServiceRef;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.RequestValidator;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@link DeploySettings} of each service in each environment (replicas, port, resources, plain env vars, probes,
 * rollout timeout): reads them, and alone writes them.
 */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class DeploySettingsStore {

    private final JdbcClient jdbc;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;
    private final RequestValidator validator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    @Transactional(readOnly = true)
    public DeploySettings get(String service, String environment) {
        access.require(Permission.CATALOG_READ);
        return read(services.ref(service).id(), environments.ref(environment).id());
    }

    public DeploySettings put(String service, String environment, DeploySettings settings) {
        ServiceRef serviceRef = services.ref(service);
        EnvironmentRef environmentRef = environments.ref(environment);
        access.require(Permission.SERVICE_WRITE, serviceRef.team(), DeploySettingsChanged.NAME, "service",
                service + "/" + environment);
        var errors = new ArrayList<FieldError>();
        try {
            validator.check(settings);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        RequestValidator.require(errors);
        DeploySettings before = read(serviceRef.id(), environmentRef.id());
        jdbc.sql("""
                insert into deploy_settings (service_id, environment_id, replicas, container_port, cpu_request, cpu_limit,
                    memory_request, memory_limit, env, readiness_path, liveness_path, rollout_timeout_s, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (service_id, environment_id) do update set replicas = excluded.replicas,
                    container_port = excluded.container_port, cpu_request = excluded.cpu_request,
                    cpu_limit = excluded.cpu_limit, memory_request = excluded.memory_request,
                    memory_limit = excluded.memory_limit, env = excluded.env, readiness_path = excluded.readiness_path,
                    liveness_path = excluded.liveness_path, rollout_timeout_s = excluded.rollout_timeout_s,
                    updated_at = excluded.updated_at""")
                .params(serviceRef.id(), environmentRef.id(), settings.replicas(), settings.containerPort(),
                        settings.cpuRequest(), settings.cpuLimit(), settings.memoryRequest(), settings.memoryLimit(),
                        formatEnv(settings.env()), blankToNull(settings.readinessPath()),
                        blankToNull(settings.livenessPath()), settings.rolloutTimeoutSeconds(),
                        Timestamp.from(clock.instant()))
                .update();
        DeploySettings after = read(serviceRef.id(), environmentRef.id());
        events.publishEvent(new DeploySettingsChanged(service, environment, before, after));
        return after;
    }

    /** Removes the settings of a service or environment the catalog is deleting. */
    void removeAll(CatalogEntry deleted) {
        jdbc.sql("delete from deploy_settings where " + deleted.matches()).param(deleted.id()).update();
    }

    DeploySettings read(long serviceId, long environmentId) {
        return jdbc.sql("select * from deploy_settings where service_id = ? and environment_id = ?")
                .params(serviceId, environmentId)
                .query((rs, i) -> new DeploySettings(rs.getInt("replicas"), rs.getInt("container_port"),
                        rs.getString("cpu_request"), rs.getString("cpu_limit"), rs.getString("memory_request"),
                        rs.getString("memory_limit"), parseEnv(rs.getString("env")), rs.getString("readiness_path"),
                        rs.getString("liveness_path"), rs.getInt("rollout_timeout_s")))
                .optional().orElse(DeploySettings.defaults());
    }

    private static String formatEnv(Map<String, String> env) {
        var text = new StringBuilder();
        if (env != null) {
            new TreeMap<>(env).forEach((k, v) -> text.append(k).append('=').append(v.replace("\n", "\\n")).append('\n'));
        }
        return text.toString();
    }

    private static Map<String, String> parseEnv(String text) {
        var env = new TreeMap<String, String>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replace("\\n", "\n"));
            }
        }
        return env;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
