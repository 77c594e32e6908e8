package dev.slipway.identity;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** An API token. Only the SHA-256 hash of its secret is stored. */
@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;
    private Long ownerId;
    private String secretHash;
    private String secretHint;
    private String scopes;
    private @Nullable String teamSlug;
    private Instant expiresAt;
    private Long createdBy;
    private Instant createdAt;
    private @Nullable Instant lastUsedAt;
    private @Nullable String lastUsedAddress;
    private @Nullable Instant revokedAt;
    private @Nullable Long revokedBy;

    protected ApiToken() {
    }

    ApiToken(String name, long ownerId, String secretHash, String secretHint, Set<Scope> scopes, @Nullable String teamSlug,
            Instant expiresAt, @Nullable long createdBy, Instant now) {
        this.name = name;
        this.ownerId = ownerId;
        this.secretHash = secretHash;
        this.secretHint = secretHint;
        this.scopes = scopes.stream().map(Scope::id).sorted().collect(Collectors.joining(" "));
        this.teamSlug = teamSlug;
        this.expiresAt = expiresAt;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    Set<Scope> scopeSet() {
        var set = EnumSet.noneOf(Scope.class);
        Arrays.stream(scopes.split(" ")).filter(s -> !s.isBlank()).map(Scope::of).forEach(set::add);
        return set;
    }

    boolean isUsableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    void revoke(@Nullable long by, Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
            revokedBy = by;
        }
    }

    TokenView toView(String ownerUsername) {
        return new TokenView(id, name, ownerUsername, "slw_" + secretHint + "…", scopeSet(), teamSlug, expiresAt,
                createdAt, lastUsedAt, lastUsedAddress, revokedAt);
    }

    Long getId() { return id; }
    Long getOwnerId() { return ownerId; }
    String getSecretHash() { return secretHash; }
    @Nullable String getTeamSlug() { return teamSlug; }
    Instant getExpiresAt() { return expiresAt; }
    @Nullable Instant getRevokedAt() { return revokedAt; }
}
