package dev.slipway.identity;

import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.shared.RequestValidator;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** People, service accounts, their roles and team memberships. */
@Component
@Transactional
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class UserDirectory {

    private final UserAccountRepository users;
    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final AccessPolicy access;
    private final TeamDirectory teams;
    private final RequestValidator validator;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RecentTokens recentTokens;
    private final ApiTokens apiTokens;

    @Transactional(readOnly = true)
    public List<UserView> people() {
        access.require(Permission.USER_ADMIN);
        return users.findByKindOrderByUsername(Actor.Kind.PERSON).stream().map(UserAccount::toView).toList();
    }

    @Transactional(readOnly = true)
    public List<UserView> serviceAccounts() {
        access.require(Permission.USER_ADMIN);
        return users.findByKindOrderByUsername(Actor.Kind.SERVICE_ACCOUNT).stream().map(UserAccount::toView).toList();
    }

    @Transactional(readOnly = true)
    public UserView get(String username) {
        Actor actor = access.current();
        if (!username.equals(actor.username())) {
            access.require(Permission.USER_ADMIN, null, "user.read", "user", username);
        }
        return find(username).toView();
    }

    /**
     * A user or service account, for modules that refer to one by name (e.g. a grant's holder). Checks
     * no right: the calling module decides what its own action needs.
     */
    @Transactional(readOnly = true)
    public UserView ref(String username) {
        return find(username).toView();
    }

    @Transactional(readOnly = true)
    public List<MemberView> teamsOf(String username) {
        return jdbc.sql("""
                select m.team_slug, m.team_role from team_membership m join app_user u on u.id = m.user_id
                where u.username = ? order by m.team_slug""")
                .param(username)
                .query((rs, i) -> new MemberView(rs.getString(1), rs.getString(1), null,
                        TeamRole.valueOf(rs.getString(2))))
                .list();
    }

    public UserView createPerson(NewUserRequest request) {
        access.require(Permission.USER_ADMIN, null, UserCreated.NAME, "user", request.username());
        var errors = new ArrayList<FieldError>();
        try {
            validator.check(request);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        Passwords.check("password", request.password(), request.username()).ifPresent(errors::add);
        RequestValidator.require(errors);
        requireFreeUsername(request.username());
        var user = UserAccount.person(request.username(), request.displayName().strip(), blankToNull(request.email()),
                clock.instant());
        user.setPasswordHash(passwordEncoder.encode(request.password()), clock.instant());
        user.changeRoles(rolesOrNone(request.roles()), clock.instant());
        UserView created = users.saveAndFlush(user).toView();
        events.publishEvent(new UserCreated(created));
        return created;
    }

    public UserView updatePerson(String username, String displayName, String email, Set<Role> roles) {
        access.require(Permission.USER_ADMIN, null, UserUpdated.NAME, "user", username);
        UserAccount user = find(username);
        var errors = new ArrayList<FieldError>();
        if (displayName == null || displayName.isBlank()) {
            errors.add(new FieldError("displayName", "must not be blank"));
        } else if (displayName.length() > 100) {
            errors.add(new FieldError("displayName", "must be at most 100 characters"));
        }
        if (email != null && !email.isBlank() && !email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
            errors.add(new FieldError("email", "must be a well-formed email address"));
        }
        RequestValidator.require(errors);
        Set<Role> newRoles = rolesOrNone(roles);
        if (user.getRoles().contains(Role.ADMIN) && !newRoles.contains(Role.ADMIN)) {
            requireAnotherAdmin(user);
        }
        UserView before = user.toView();
        user.changeProfile(displayName.strip(), blankToNull(email), clock.instant());
        user.changeRoles(newRoles, clock.instant());
        users.flush();
        events.publishEvent(new UserUpdated(before, user.toView()));
        return user.toView();
    }

    /** Disabling ends the user's sessions and stops their tokens at once. */
    public UserView setEnabled(String username, boolean enabled) {
        String action = enabled ? UserEnabled.NAME : UserDisabled.NAME;
        access.require(Permission.USER_ADMIN, null, action, "user", username);
        UserAccount user = find(username);
        if (!enabled && user.isEnabled() && user.getRoles().contains(Role.ADMIN)) {
            requireAnotherAdmin(user);
        }
        String team = user.getOwnerTeam();
        if (enabled && !user.isEnabled() && team != null) {
            rejoinOwnTeam(user, team);
        }
        user.setEnabled(enabled, clock.instant());
        users.flush();
        events.publishEvent(enabled ? new UserEnabled(username) : new UserDisabled(username));
        return user.toView();
    }

    /**
     * A service account enabled again serves its team as a member once more: deleting a team removed its memberships.
     * owner_team is history, not a reference (V20), so the team has to exist (again) for that.
     */
    private void rejoinOwnTeam(UserAccount account, String team) {
        if (!teams.exists(team)) {
            throw new ConflictException("The service account '" + account.getUsername() + "' served the team '" + team
                    + "', which was deleted. Create a service account for a team that exists instead.");
        }
        int joined = jdbc.sql("""
                insert into team_membership (team_slug, user_id, team_role, created_at) values (?, ?, ?, ?)
                on conflict (team_slug, user_id) do nothing""")
                .params(team, account.getId(), TeamRole.MEMBER.name(), Timestamp.from(clock.instant()))
                .update();
        if (joined > 0) {
            events.publishEvent(new MembershipSet(team, account.getUsername(), TeamRole.MEMBER));
        }
    }

    public void resetPassword(String username, String newPassword) {
        access.require(Permission.USER_ADMIN, null, PasswordReset.NAME, "user", username);
        UserAccount user = find(username);
        Passwords.check("password", newPassword, username).ifPresent(e -> RequestValidator.require(List.of(e)));
        user.setPasswordHash(passwordEncoder.encode(newPassword), clock.instant());
        users.flush();
        events.publishEvent(new PasswordReset(username));
    }

    /** A person changes their own password; their other sessions end. */
    public void changeOwnPassword(String currentPassword, String newPassword) {
        Actor actor = access.current();
        UserAccount user = users.findById(Objects.requireNonNull(actor.userId())).orElseThrow(() -> new NotFoundException("user", actor.username()));
        var errors = new ArrayList<FieldError>();
        if (user.getPasswordHash() == null || currentPassword == null
                || !passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
            errors.add(new FieldError("currentPassword", "is not your current password"));
        }
        Passwords.check("newPassword", newPassword, user.getUsername()).ifPresent(errors::add);
        if (!errors.isEmpty() && errors.get(0).field().equals("currentPassword")) {
            events.publishEvent(new PasswordChangeRefused(user.getUsername(), "the current password was wrong"));
        }
        RequestValidator.require(errors);
        user.setPasswordHash(passwordEncoder.encode(newPassword), clock.instant());
        users.flush();
        events.publishEvent(new PasswordChanged(user.getUsername()));
    }

    public UserView createServiceAccount(String username, String displayName, String team) {
        access.require(Permission.USER_ADMIN, null, ServiceAccountCreated.NAME, "user", username);
        var errors = new ArrayList<FieldError>();
        if (username == null || !username.matches(NewUserRequest.USERNAME) || username.length() > 64) {
            errors.add(new FieldError("username", NewUserRequest.USERNAME_RULE));
        }
        if (displayName == null || displayName.isBlank()) {
            errors.add(new FieldError("displayName", "must not be blank"));
        }
        if (team == null || !teams.exists(team)) {
            errors.add(new FieldError("team", "must name an existing team"));
        }
        RequestValidator.require(errors);
        requireFreeUsername(username);
        var account = users.saveAndFlush(UserAccount.serviceAccount(username, displayName.strip(), team, clock.instant()));
        putMember(team, account.getId(), TeamRole.MEMBER);
        events.publishEvent(new ServiceAccountCreated(account.toView()));
        return account.toView();
    }

    @Transactional(readOnly = true)
    public List<MemberView> members(String team) {
        access.require(Permission.CATALOG_READ);
        return jdbc.sql("""
                select u.username, u.display_name, u.kind, m.team_role
                from team_membership m join app_user u on u.id = m.user_id
                where m.team_slug = ? order by m.team_role, u.username""")
                .param(team)
                .query((rs, i) -> new MemberView(rs.getString(1), rs.getString(2), Actor.Kind.valueOf(rs.getString(3)),
                        TeamRole.valueOf(rs.getString(4))))
                .list();
    }

    public MemberView putMember(String team, String username, TeamRole role) {
        access.require(Permission.TEAM_MANAGE, team, MembershipSet.NAME, "team", team);
        if (!teams.exists(team)) {
            throw new NotFoundException("team", team);
        }
        UserAccount user = users.findByUsername(username == null ? "" : username.strip())
                .orElseThrow(() -> new InvalidInputException("username", "no user '" + username + "' exists"));
        if (role == null) {
            throw new InvalidInputException("teamRole", "must be maintainer or member");
        }
        putMember(team, user.getId(), role);
        events.publishEvent(new MembershipSet(team, user.getUsername(), role));
        return new MemberView(user.getUsername(), user.getDisplayName(), user.getKind(), role);
    }

    public void removeMember(String team, String username) {
        access.require(Permission.TEAM_MANAGE, team, MembershipRemoved.NAME, "team", team);
        UserAccount user = find(username);
        int removed = jdbc.sql("delete from team_membership where team_slug = ? and user_id = ?")
                .params(team, user.getId()).update();
        if (removed == 0) {
            throw new NotFoundException("membership", username + " in " + team);
        }
        events.publishEvent(new MembershipRemoved(team, username));
    }

    /**
     * The usernames of the team's enabled service accounts. The catalog refuses to delete a team while it has any: a
     * CI script using one would stop working without anybody having decided so.
     */
    @Transactional(readOnly = true)
    public List<String> enabledServiceAccountsOf(String team) {
        return users.enabledServiceAccountNames(team);
    }

    /**
     * The catalog is deleting a team: its memberships and the tokens restricted to it go in the same transaction, and
     * actors of tokens remembered with those rights are forgotten once that commits. (Identity does not depend on the
     * catalog, so the catalog says so here rather than identity listening to it.)
     */
    public void teamDeleted(String team) {
        jdbc.sql("delete from team_membership where team_slug = ?").param(team).update();
        apiTokens.removeRestrictedTo(team);
        recentTokens.forgetAllAfterCommit();
    }

    private void putMember(String team, Long userId, TeamRole role) {
        jdbc.sql("""
                insert into team_membership (team_slug, user_id, team_role, created_at) values (?, ?, ?, ?)
                on conflict (team_slug, user_id) do update set team_role = excluded.team_role""")
                .params(team, userId, role.name(), Timestamp.from(clock.instant()))
                .update();
    }

    UserAccount find(String username) {
        return users.findByUsername(username).orElseThrow(() -> new NotFoundException("user", username));
    }

    private void requireFreeUsername(String username) {
        if (users.existsByUsername(username)) {
            throw ConflictException.duplicate("username", "The username '" + username + "' is taken");
        }
    }

    private void requireAnotherAdmin(UserAccount user) {
        long otherAdmins = jdbc.sql("""
                select count(*) from app_user u join user_role r on r.user_id = u.id
                where r.role = 'ADMIN' and u.enabled and u.id <> ?""").param(user.getId()).query(Long.class).single();
        if (otherAdmins == 0) {
            throw new ConflictException("'" + user.getUsername() + "' is the last enabled administrator; "
                    + "make someone else an administrator first.");
        }
    }

    private static Set<Role> rolesOrNone(Set<Role> roles) {
        return roles == null || roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    private static @Nullable String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
