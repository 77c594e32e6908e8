package dev.slipway.deploy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Deploy this release (by version) of a service to an environment, with an optional reason. During a
 * freeze an administrator may give {@code overrideFreeze}, the reason for breaking the glass.
 */
public record DeploymentRequest(@NotBlank String service, @NotBlank String environment, @NotBlank String version,
        @Size(max = 1000, message = "must be at most {max} characters") String reason,
        @Size(max = 1000, message = "must be at most {max} characters") @Nullable String overrideFreeze) {

    public DeploymentRequest(String service, String environment, String version, String reason) {
        this(service, environment, version, reason, null);
    }
}
