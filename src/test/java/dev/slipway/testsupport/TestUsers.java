package dev.slipway.testsupport;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.NewUserRequest;
import dev.slipway.identity.Role;
import dev.slipway.identity.Scope;
import dev.slipway.identity.TeamRole;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.NotFoundException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationContext;

/** Creates the people and tokens a test needs, through the same facades the portal uses. */
public final class TestUsers {

    public static final String PASSWORD = "correct-horse-battery";

    private final UserDirectory users;
    private final AccessPolicy access;
    private final int port;

    public TestUsers(ApplicationContext context, int port) {
        this.port = port;
        this.users = context.getBean(UserDirectory.class);
        this.access = context.getBean(AccessPolicy.class);
    }

    /** A person with these roles, created unless it exists, with the test password. */
    public String person(String username, Role... roles) {
        access.asSystem(() -> {
            try {
                users.get(username);
            } catch (NotFoundException e) {
                users.createPerson(new NewUserRequest(username, username, username + "@example.com", PASSWORD,
                        roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles)));
            }
        });
        return username;
    }

    /**
     * A service account owned by (and a member of) the team, created unless it exists; a disabled one is enabled
     * again, which makes it a member of its team once more.
     */
    public String serviceAccount(String username, String displayName, String team) {
        access.asSystem(() -> {
            try {
                if (!users.get(username).enabled()) {
                    users.setEnabled(username, true);
                }
            } catch (NotFoundException e) {
                users.createServiceAccount(username, displayName, team);
            }
        });
        return username;
    }

    /** The user's id, e.g. for a row that refers to them. */
    public long id(String username) {
        return users.ref(username).id();
    }

    public void member(String team, String username, TeamRole role) {
        access.asSystem(() -> {
            users.putMember(team, username, role);
        });
    }

    public void disable(String username) {
        access.asSystem(() -> {
            users.setEnabled(username, false);
        });
    }

    /** A token of the given user with the given scopes, minted the way a script mints its first one. */
    public String token(String username, String team, Scope... scopes) {
        var body = new StringBuilder("{\"name\": \"test-").append(System.nanoTime()).append("\", \"scopes\": [");
        for (int i = 0; i < scopes.length; i++) {
            body.append(i == 0 ? "" : ", ").append('"').append(scopes[i].id()).append('"');
        }
        body.append("]").append(team == null ? "" : ", \"team\": \"" + team + "\"").append("}");
        String basic = Base64.getEncoder().encodeToString((username + ":" + PASSWORD).getBytes());
        var response = new HttpApi(port).send("POST", "/api/v1/tokens", body.toString(),
                Map.of("Content-Type", "application/json", "Authorization", "Basic " + basic));
        if (response.status() != 201) {
            throw new IllegalStateException("Could not mint a token for " + username + ": " + response.body());
        }
        return response.json().get("token").asString();
    }

    public static Scope[] allScopes() {
        return Scope.values();
    }
}
