package dev.slipway.notify;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an administrator says about a webhook endpoint. {@code events} are {@link WebhookEvent} ids such as
 * {@code access-request.create}; a blank {@code secret} means "generate one" on create and "keep it" on
 * update.
 */
public record WebhookRequest(
        @NotBlank @Size(max = 100, message = "must be at most {max} characters") String name,
        @NotBlank @Size(max = 2000, message = "must be at most {max} characters") String url,
        @Size(max = 200, message = "must be at most {max} characters") @Nullable String secret,
        List<String> events) {
}
