package dev.slipway.deploy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A new release of a service: its version (unique per service), the image tag and/or digest to add
 * to the service's image repository (the tag defaults to the version), and where it came from.
 */
public record ReleaseRequest(
        @NotBlank @Size(max = 128, message = "must be at most {max} characters")
        @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$", message = "must be letters, digits, '.', '_', '+' or '-', e.g. 1.4.2")
        String version,
        @Size(max = 128, message = "must be at most {max} characters")
        @Pattern(regexp = "^$|^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", message = "must be a valid image tag, e.g. 1.4.2")
        @Nullable String tag,
        @Pattern(regexp = "^$|^sha256:[0-9a-f]{64}$", message = "must be sha256: followed by 64 lowercase hex digits")
        @Nullable String digest,
        @Pattern(regexp = "^$|^[0-9a-f]{7,40}$", message = "must be a git commit SHA (7 to 40 lowercase hex digits)")
        @Nullable String gitSha,
        @Nullable Instant commitTime,
        @Size(max = 4000, message = "must be at most {max} characters") @Nullable String notes,
        @Size(max = 500, message = "must be at most {max} characters")
        @Pattern(regexp = "^$|^https?://\\S{1,492}$", message = "must be an http(s) link") @Nullable String link) {
}
