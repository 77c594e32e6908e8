package dev.slipway.identity;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Builds the {@link Actor} of a request from the database: enabled flag, roles and memberships. */
@Component
@RequiredArgsConstructor
class ActorLoader {

    private final UserAccountRepository users;
    private final JdbcClient jdbc;

    /** The actor, or empty when the user no longer exists, is disabled, or the session epoch moved on. */
    @Transactional(readOnly = true)
    Optional<Actor> load(long userId, @Nullable Integer expectedEpoch, Actor.@Nullable TokenGrant token) {
        return users.findById(userId)
                .filter(UserAccount::isEnabled)
                .filter(user -> expectedEpoch == null || expectedEpoch == user.getSessionEpoch())
                .map(user -> new Actor(user.getId(), user.getUsername(), user.getDisplayName(), user.getKind(),
                        user.getRoles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(user.getRoles()),
                        memberships(user.getId()), token));
    }

    private Map<String, TeamRole> memberships(long userId) {
        var teams = new LinkedHashMap<String, TeamRole>();
        jdbc.sql("select team_slug, team_role from team_membership where user_id = ? order by team_slug")
                .param(userId)
                .query(rs -> {
                    teams.put(rs.getString(1), TeamRole.valueOf(rs.getString(2)));
                });
        return Map.copyOf(teams);
    }
}
