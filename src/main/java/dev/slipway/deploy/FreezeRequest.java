package dev.slipway.deploy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A freeze window for an environment: one-off ({@code from}–{@code to}) or weekly ({@code weekday}
 * 1 = Monday … 7 = Sunday, {@code startTime}–{@code endTime} as HH:mm in {@code zone}).
 */
public record FreezeRequest(@Nullable Instant from, @Nullable Instant to, Integer weekday, String startTime, String endTime, String zone,
        @NotBlank @Size(max = 1000, message = "must be at most {max} characters") String reason) {
}
