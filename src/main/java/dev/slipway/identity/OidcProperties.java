package dev.slipway.identity;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.oidc.*}: how single sign-on claims become Slipway users. The provider itself is
 * configured the Spring Boot way ({@code spring.security.oauth2.client.registration.*}).
 *
 * @param usernameClaim claim that names the user (default preferred_username)
 * @param rolesClaim claim whose values grant roles through {@code roleMapping}
 * @param roleMapping for each role, the claim values that grant it, e.g. ADMIN → [slipway-admins]
 * @param teamsClaim claim whose values (after removing {@code teamPrefix}) are team slugs the user joins
 * @param teamPrefix prefix to strip from team claim values, e.g. "team-"
 */
@ConfigurationProperties("slipway.oidc")
record OidcProperties(@DefaultValue("preferred_username") String usernameClaim, @DefaultValue("groups") String rolesClaim,
        Map<Role, List<String>> roleMapping, @DefaultValue("groups") String teamsClaim,
        @DefaultValue("") String teamPrefix) {

    OidcProperties {
        roleMapping = roleMapping == null ? Map.of() : roleMapping;
    }
}
