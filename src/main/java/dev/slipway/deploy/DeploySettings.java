package dev.slipway.deploy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a service runs in one environment. Environment variables hold plain values only: Slipway's
 * database is no place for secrets.
 */
public record DeploySettings(
        @NotNull @Min(0) @Max(100) Integer replicas,
        @NotNull @Min(1) @Max(65535) Integer containerPort,
        @NotNull @Pattern(regexp = CPU, message = CPU_RULE) String cpuRequest,
        @NotNull @Pattern(regexp = CPU, message = CPU_RULE) String cpuLimit,
        @NotNull @Pattern(regexp = MEMORY, message = MEMORY_RULE) String memoryRequest,
        @NotNull @Pattern(regexp = MEMORY, message = MEMORY_RULE) String memoryLimit,
        Map<@Pattern(regexp = "^[A-Za-z_][A-Za-z0-9_]{0,99}$", message = "names must be letters, digits and '_'") String,
                @NotNull(message = "values must be strings") @Size(max = 4000,
                        message = "values must be at most {max} characters") String> env,
        @Pattern(regexp = "^$|^/\\S{0,199}$", message = "must be a path such as /healthz") @Nullable String readinessPath,
        @Pattern(regexp = "^$|^/\\S{0,199}$", message = "must be a path such as /healthz") @Nullable String livenessPath,
        @NotNull @Min(10) @Max(3600) Integer rolloutTimeoutSeconds) {

    static final String CPU = "^[0-9]{1,9}(?:\\.[0-9]{1,9})?m?$";
    static final String CPU_RULE = "must be a CPU quantity such as 250m or 1";
    static final String MEMORY = "^[0-9]{1,15}(?:Ki|Mi|Gi)?$";
    static final String MEMORY_RULE = "must be a memory quantity such as 256Mi or 1Gi";

    public static DeploySettings defaults() {
        return new DeploySettings(2, 8080, "100m", "500m", "128Mi", "512Mi", Map.of(), "/", null, 300);
    }
}
