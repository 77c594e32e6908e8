package dev.slipway.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the Slipway user of a single sign-on identity in step with its claims: roles from the
 * roles claim through the configured mapping, team memberships from the teams claim.
 */
@Component
class OidcAccounts {

    private final UserAccountRepository users;
    private final ActorLoader actors;
    private final TeamDirectory teams;
    private final IdentityProperties.Oidc claims;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final RecentTokens recentTokens;

    OidcAccounts(UserAccountRepository users, ActorLoader actors, TeamDirectory teams, IdentityProperties properties,
            JdbcClient jdbc, Clock clock, RecentTokens recentTokens) {
        this.recentTokens = recentTokens;
        this.users = users;
        this.actors = actors;
        this.teams = teams;
        this.claims = properties.oidc();
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The actor of a signed-in OIDC user; the account is created from the claims on first sight. */
    @Transactional
    Optional<Actor> actorFor(OidcUser oidcUser) {
        String issuer = String.valueOf(oidcUser.getIssuer());
        UserAccount user = users.findByOidcIssuerAndOidcSubject(issuer, subject(oidcUser))
                .orElseGet(() -> sync(oidcUser));
        return actors.load(user.getId(), null, null);
    }

    /** Creates or updates the account from the claims; called at every single sign-on. */
    @Transactional
    UserAccount sync(OidcUser oidcUser) {
        String issuer = String.valueOf(oidcUser.getIssuer());
        String username = username(oidcUser);
        UserAccount user = users.findByOidcIssuerAndOidcSubject(issuer, subject(oidcUser)).orElseGet(() -> {
            if (users.existsByUsername(username)) {
                throw new OAuth2AuthenticationException(new OAuth2Error("username_taken",
                        "The username '" + username + "' belongs to a local Slipway account; ask an administrator.", null));
            }
            var created = UserAccount.person(username, displayName(oidcUser, username), oidcUser.getEmail(), clock.instant());
            created.linkOidc(issuer, subject(oidcUser));
            return users.saveAndFlush(created);
        });
        user.changeProfile(displayName(oidcUser, username), oidcUser.getEmail(), clock.instant());
        user.changeRoles(roles(claimValues(oidcUser, claims.rolesClaim())), clock.instant());
        users.flush();
        syncTeams(user.getId(), claimValues(oidcUser, claims.teamsClaim()));
        recentTokens.forgetAllAfterCommit(); // roles and teams may have changed, and with them what tokens may do
        return user;
    }

    Set<Role> roles(Collection<String> claimValues) {
        var roles = EnumSet.noneOf(Role.class);
        claims.roleMapping().forEach((role, values) -> {
            if (values.stream().anyMatch(claimValues::contains)) {
                roles.add(role);
            }
        });
        return roles;
    }

    private void syncTeams(long userId, Collection<String> claimValues) {
        String prefix = claims.teamPrefix();
        List<String> wanted = claimValues.stream()
                .filter(v -> v.startsWith(prefix))
                .map(v -> v.substring(prefix.length()))
                .filter(teams::exists)
                .distinct()
                .toList();
        if (wanted.isEmpty()) {
            jdbc.sql("delete from team_membership where user_id = ?").param(userId).update();
            return;
        }
        jdbc.sql("delete from team_membership where user_id = :user and team_slug not in (:teams)")
                .param("user", userId).param("teams", wanted).update();
        for (String team : wanted) {
            jdbc.sql("""
                    insert into team_membership (team_slug, user_id, team_role, created_at) values (?, ?, 'MEMBER', ?)
                    on conflict (team_slug, user_id) do nothing""")
                    .params(team, userId, Timestamp.from(clock.instant())).update();
        }
    }

    private static String subject(OidcUser oidcUser) {
        return Objects.requireNonNull(oidcUser.getSubject(), "an ID token always names its subject");
    }

    private String username(OidcUser oidcUser) {
        Object claim = oidcUser.getClaims().get(claims.usernameClaim());
        String name = claim == null ? subject(oidcUser) : claim.toString();
        return name.strip().toLowerCase();
    }

    private static String displayName(OidcUser oidcUser, String username) {
        return Objects.requireNonNullElse(oidcUser.getFullName(), username);
    }

    private static Collection<String> claimValues(OidcUser oidcUser, String claim) {
        Object value = oidcUser.getClaims().get(claim);
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return value == null ? Set.of() : Set.of(String.valueOf(value));
    }
}
