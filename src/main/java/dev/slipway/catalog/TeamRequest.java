package dev.slipway.catalog;

import dev.slipway.shared.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** What a user says about a team when creating or changing it. The slug cannot change once set. */
public record TeamRequest(
        @NotBlank @Size(max = Slugs.MAX_LENGTH, message = "must be at most {max} characters") @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
        @NotBlank @Size(max = 100, message = "must be at most {max} characters") String name,
        @Size(max = 2000, message = "must be at most {max} characters") @Nullable String description,
        @Size(max = 200, message = "must be at most {max} characters") @Pattern(regexp = CONTACT_PATTERN, message = CONTACT_RULE) @Nullable String contact) {

    static final String CONTACT_PATTERN = "^$|^(?=.{1,200}$)(?:[^@\\s]+@[^@\\s]+\\.[^@\\s]+|[#@][\\w.-]+|https?://\\S+)$";
    static final String CONTACT_RULE =
            "must be an email address, a chat channel such as #team-payments, or a link";
}
