package dev.slipway.deploy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Deploy this release (by version) of a service to an environment, with an optional reason. */
public record DeploymentRequest(@NotBlank String service, @NotBlank String environment, @NotBlank String version,
        @Size(max = 1000, message = "must be at most {max} characters") String reason) {
}
