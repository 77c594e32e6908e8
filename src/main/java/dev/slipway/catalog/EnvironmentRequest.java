package dev.slipway.catalog;

import dev.slipway.shared.Slugs;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What a user says about an environment. {@code position} places it in the promotion order (left
 * out: after the last one); {@code namespace} may use the placeholders {team}, {service} and {env}.
 * {@code promotionRequired} (default: when production) lets a release in only after it succeeded in the
 * environment before; {@code autoRollback} rolls a failed deployment back to the last good release.
 * For production: {@code accessApprovalsRequired} (default 1; 2 is the two-person rule) approvals end
 * an access request, and {@code maintainersApproveAccess} lets maintainers of the owning team approve
 * besides administrators.
 */
public record EnvironmentRequest(
        @NotBlank @Size(max = Slugs.MAX_LENGTH, message = "must be at most {max} characters") @Pattern(regexp = Slugs.PATTERN, message = Slugs.RULE) String slug,
        @NotBlank @Size(max = 100, message = "must be at most {max} characters") String name,
        Boolean production,
        @Min(1) @Max(1000) @Nullable Integer position,
        @Size(max = Slugs.MAX_LENGTH, message = "must be at most {max} characters") @Pattern(regexp = "^$|" + Slugs.PATTERN, message = Slugs.RULE) String cluster,
        @Size(max = 100, message = "must be at most {max} characters") @Pattern(regexp = NAMESPACE, message = NAMESPACE_RULE) String namespace,
        @Nullable Boolean promotionRequired,
        @Nullable Boolean autoRollback,
        @Min(value = 1, message = "must be between 1 and 5") @Max(value = 5, message = "must be between 1 and 5") @Nullable Integer accessApprovalsRequired,
        @Nullable Boolean maintainersApproveAccess) {

    /** Without the deployment rules: promotion required exactly for production, no automatic rollback. */
    public EnvironmentRequest(String slug, String name, Boolean production, Integer position, String cluster,
            String namespace) {
        this(slug, name, production, position, cluster, namespace, null, null, null, null);
    }


    static final String DEFAULT_CLUSTER = "default";
    static final String DEFAULT_NAMESPACE = "{team}-{env}";
    // Each repetition of a group costs the regex engine a stack frame: the lookahead bounds the length
    // before the groups run, so a huge value is refused instead of overflowing the stack.
    static final String NAMESPACE =
            "^$|^(?=.{1,100}$)(?:[a-z0-9]|\\{(?:team|service|env)\\})(?:[-a-z0-9]++|\\{(?:team|service|env)\\})*+$";
    static final String NAMESPACE_RULE = "must be lowercase letters, digits and '-', "
            + "optionally with the placeholders {team}, {service} and {env}, e.g. {team}-{env}";
}
