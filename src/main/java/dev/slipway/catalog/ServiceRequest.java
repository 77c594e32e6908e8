package dev.slipway.catalog;

import dev.slipway.shared.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a user says about a service when creating or changing it. The slug cannot change once set;
 * {@code team} is the owning team's slug; {@code lifecycle} defaults to experimental.
 */
public record ServiceRequest(
        @NotBlank @Size(max = Slugs.MAX_LENGTH, message = "must be at most {max} characters") @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
        @NotBlank @Size(max = 100, message = "must be at most {max} characters") String name,
        @NotBlank String team,
        @Size(max = 2000, message = "must be at most {max} characters") @Nullable String description,
        @Size(max = 500, message = "must be at most {max} characters") @Pattern(regexp = "^$|^(?=.{1,500}$)(?:(?:https?|ssh|git)://\\S+|git@\\S+:\\S+)$",
                message = "must be a repository URL such as https://git.example.com/team/service") @Nullable String repositoryUrl,
        @Size(max = 255, message = "must be at most {max} characters") @Pattern(regexp = IMAGE_REPOSITORY,
                message = "must be an image repository without tag, such as registry.example.com/team/service")
        @Nullable String imageRepository,
        @Nullable Lifecycle lifecycle,
        Map<String, String> costTags) {

    // The lookahead bounds the length before the repeated groups run (each repetition costs a stack frame).
    static final String IMAGE_REPOSITORY = "^$|^(?=.{1,255}$)[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$";
}
