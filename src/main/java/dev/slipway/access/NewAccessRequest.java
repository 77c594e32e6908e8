package dev.slipway.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A developer's just-in-time request for production access, for themselves. */
public record NewAccessRequest(List<GrantAction> actions, @Nullable String team, List<String> services,
        List<String> environments,
        @NotNull(message = "is required, e.g. PT1H") Duration duration,
        @NotBlank(message = "is required: say why, or give a ticket id") @Size(max = 1000, message = "must be at most {max} characters") String reason) {
}
