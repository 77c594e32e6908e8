package dev.slipway.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An administrator's grant: to one user or service account ({@code grantee}) or to every member of a
 * team ({@code granteeTeam}); for {@code actions} on {@code services} (or every service of
 * {@code team}) in production {@code environments}; from {@code startsAt} (default now) until
 * {@code endsAt}, or for {@code duration}.
 */
public record GrantRequest(@Nullable String grantee, @Nullable String granteeTeam, List<GrantAction> actions, @Nullable String team,
        List<String> services, List<String> environments, @Nullable Instant startsAt, @Nullable Instant endsAt, @Nullable Duration duration,
        @NotBlank(message = "is required: say why, or give a ticket id") @Size(max = 1000, message = "must be at most {max} characters") String reason) {
}
