package dev.slipway.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slipway.identity.*}: the password of the administrator created on a first start (random and printed once
 * when unset), API token lifetimes, how failed sign-ins are throttled, and how single sign-on claims become Slipway
 * users.
 */
@ConfigurationProperties("slipway.identity")
record IdentityProperties(@Nullable String bootstrapAdminPassword, @DefaultValue Tokens tokens,
        @DefaultValue SignInThrottle signInThrottle, @DefaultValue Oidc oidc) {

    /**
     * How long API tokens live unless asked otherwise, and at the most; and how long a token just checked is trusted
     * without reading the database again ({@link RecentTokens}; 0 turns that off).
     */
    record Tokens(@DefaultValue("90d") Duration defaultLifetime, @DefaultValue("365d") Duration maxLifetime,
            @DefaultValue("2s") Duration cacheTime) {
    }

    /**
     * After {@code maxPerUsername} failed sign-ins for one username, or {@code maxPerAddress} from one address, within
     * {@code window}, further attempts are refused until {@code window} after the failure that reached the limit.
     */
    record SignInThrottle(@DefaultValue("5") int maxPerUsername, @DefaultValue("20") int maxPerAddress,
            @DefaultValue("15m") Duration window) {

        SignInThrottle {
            if (maxPerUsername < 1 || maxPerAddress < 1 || window.toSeconds() < 1) {
                throw new IllegalArgumentException("slipway.identity.sign-in-throttle takes limits of at least 1 and "
                        + "a window of at least 1s, e.g. 5, 20 and 15m");
            }
        }
    }

    /**
     * How single sign-on claims become Slipway users. The provider itself is configured the Spring Boot way
     * ({@code spring.security.oauth2.client.registration.*}).
     *
     * @param usernameClaim claim that names the user (default preferred_username)
     * @param rolesClaim claim whose values grant roles through {@code roleMapping}
     * @param roleMapping for each role, the claim values that grant it, e.g. ADMIN → [slipway-admins]
     * @param teamsClaim claim whose values (after removing {@code teamPrefix}) are team slugs the user joins
     * @param teamPrefix prefix to strip from team claim values, e.g. "team-"
     */
    record Oidc(@DefaultValue("preferred_username") String usernameClaim, @DefaultValue("groups") String rolesClaim,
            Map<Role, List<String>> roleMapping, @DefaultValue("groups") String teamsClaim,
            @DefaultValue("") String teamPrefix) {

        Oidc {
            roleMapping = roleMapping == null ? Map.of() : roleMapping;
        }
    }
}
