package dev.slipway.identity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A person who signs in, or a service account (a non-login identity owned by a team, for CI). */
@Entity
@Table(name = "app_user")
class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(updatable = false)
    private String username;

    private String displayName;
    private @Nullable String email;
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    private Actor.Kind kind;

    @Column(updatable = false)
    private String ownerTeam;

    private String oidcIssuer;
    private @Nullable String oidcSubject;
    private boolean enabled = true;
    private int sessionEpoch;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role")
    @Enumerated(EnumType.STRING)
    private Set<Role> roles = EnumSet.noneOf(Role.class);

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected UserAccount() {
    }

    static UserAccount person(String username, String displayName, @Nullable String email, Instant now) {
        var user = new UserAccount();
        user.username = username;
        user.displayName = displayName;
        user.email = email;
        user.kind = Actor.Kind.PERSON;
        user.createdAt = now;
        user.updatedAt = now;
        return user;
    }

    static UserAccount serviceAccount(String username, String displayName, String ownerTeam, Instant now) {
        var account = new UserAccount();
        account.username = username;
        account.displayName = displayName;
        account.kind = Actor.Kind.SERVICE_ACCOUNT;
        account.ownerTeam = ownerTeam;
        account.createdAt = now;
        account.updatedAt = now;
        return account;
    }

    void changeProfile(String displayName, @Nullable String email, Instant now) {
        this.displayName = displayName;
        this.email = email;
        this.updatedAt = now;
    }

    void changeRoles(Set<Role> roles, Instant now) {
        this.roles.clear();
        this.roles.addAll(roles);
        this.updatedAt = now;
    }

    void setPasswordHash(String passwordHash, Instant now) {
        this.passwordHash = passwordHash;
        this.sessionEpoch++;
        this.updatedAt = now;
    }

    void setEnabled(boolean enabled, Instant now) {
        if (this.enabled && !enabled) {
            this.sessionEpoch++;
        }
        this.enabled = enabled;
        this.updatedAt = now;
    }

    void linkOidc(String issuer, String subject) {
        this.oidcIssuer = issuer;
        this.oidcSubject = subject;
    }

    UserView toView() {
        return new UserView(id, username, displayName, email, kind, ownerTeam, enabled, Set.copyOf(roles),
                passwordHash != null, oidcSubject != null, createdAt);
    }

    Long getId() { return id; }
    String getUsername() { return username; }
    String getDisplayName() { return displayName; }
    String getPasswordHash() { return passwordHash; }
    Actor.Kind getKind() { return kind; }
    String getOwnerTeam() { return ownerTeam; }
    boolean isEnabled() { return enabled; }
    int getSessionEpoch() { return sessionEpoch; }
    Set<Role> getRoles() { return roles; }
}
